package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stack} says in one line which port is taken and which option moves it. */
class StackCommandTest {
    @TempDir Path tmp;

    @Test
    void shouldRefuseATakenPortInOneLineNamingTheOptionAndTheSetting() throws IOException {
        // Given something listening on the port asked for the broker
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                ServerSocket spare = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int registryPort = spare.getLocalPort();
            spare.close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Path file = tmp.resolve("stack.properties");

            // When
            int code =
                    QualityMonitorCommand.run(
                            new PrintStream(
                                    new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8),
                            "stack",
                            "--kafka-port",
                            Integer.toString(taken.getLocalPort()),
                            "--registry-port",
                            Integer.toString(registryPort),
                            "--properties-file",
                            file.toString());

            // Then nothing started, nothing was written
            assertThat(code).isEqualTo(ExitCodes.CONFIG);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .isEqualTo(
                            "error: port "
                                    + taken.getLocalPort()
                                    + " on 127.0.0.1 is already in use (wanted by the Kafka"
                                    + " broker); stop what uses it or choose another port with"
                                    + " --kafka-port (setting 'stack.kafka.port')\n");
            assertThat(Files.exists(file)).isFalse();
        }
    }

    @Test
    void shouldRefuseAPortOutOfRangeNamingTheSetting() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code =
                QualityMonitorCommand.run(
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        "stack",
                        "--registry-port",
                        "70000");

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("'stack.registry.port' must be a port from 0 to 65535, got 70000")
                .hasLineCount(1);
    }
}
