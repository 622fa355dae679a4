package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code produce} refuses bad input and an absent broker in one line, before sending. */
class ProduceCommandTest {
    @TempDir Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldRefuseAMissingFileWithTheConfigExitCode() {
        int code = produce("--set", "kafka.bootstrap.servers=127.0.0.1:1", "nope.jpg");

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(stderr()).isEqualTo("error: no such file or folder: nope.jpg\n");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void shouldRefuseABadCsvRowNamingItsLine() throws IOException {
        // Given a list whose second row has no uri
        Path image = Path.of("../samples/kodim01.jpg").toAbsolutePath();
        Path csv = Files.writeString(tmp.resolve("l.csv"), "id,uri\na," + image + "\nb,\n");

        // When
        int code = produce(csv.toString());

        // Then
        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(stderr()).isEqualTo("error: " + csv + " line 3: no uri\n");
    }

    @Test
    void shouldFailFastInOneLineWhenTheBrokerIsUnreachable() throws IOException {
        // Given a broker address where nothing listens
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        // When
        int code =
                produce(
                        "--set",
                        "kafka.bootstrap.servers=127.0.0.1:" + port,
                        "--startup-timeout",
                        "2",
                        "../samples/kodim01.jpg");

        // Then
        assertThat(code).isEqualTo(ExitCodes.RUNTIME);
        assertThat(stderr()).startsWith("error: cannot reach Kafka at 127.0.0.1:" + port);
        assertThat(stderr().strip().lines()).hasSize(1);
    }

    @Test
    void shouldRefuseANegativeRateAsAUsageError() {
        int code = produce("--rate", "-1", "../samples");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr().strip().lines()).hasSize(1);
    }

    private int produce(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "produce";
        System.arraycopy(args, 0, all, 1, args.length);
        return QualityMonitorCommand.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                all);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
