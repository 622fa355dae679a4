package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class RunCommandTest {
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void shouldFailFastInOneLineWhenTheBrokerIsUnreachable() throws IOException {
        // Given a broker address where nothing listens
        int port = closedPort();
        RunCommandLine run = new RunCommandLine();

        // When
        long t0 = System.nanoTime();
        int code =
                run.execute(
                        "--set",
                        "kafka.bootstrap.servers=127.0.0.1:" + port,
                        "--set",
                        "registry.url=http://127.0.0.1:" + port,
                        "--startup-timeout",
                        "2");
        double seconds = (System.nanoTime() - t0) / 1e9;

        // Then
        assertThat(code).isEqualTo(ExitCodes.RUNTIME);
        assertThat(run.stderr().strip().lines()).hasSize(1);
        assertThat(run.stderr())
                .startsWith("error: cannot reach Kafka at 127.0.0.1:" + port + " within 2 s")
                .doesNotContain("Exception:")
                .doesNotContain("\tat ");
        assertThat(seconds).isLessThan(15);
    }

    @Test
    void shouldRejectANonPositiveStartupTimeoutAsAUsageError() {
        // Given
        RunCommandLine run = new RunCommandLine();

        // When
        int code = run.execute("--startup-timeout", "0");

        // Then
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(run.stderr().strip().lines()).hasSize(1);
    }

    @Test
    void shouldSayInHelpThatTopicCreationIsOffByDefault() {
        // Given
        RunCommandLine run = new RunCommandLine();

        // When
        int code = run.execute("--help");

        // Then
        assertThat(code).isZero();
        assertThat(run.stdout().replaceAll("\\s+", " "))
                .contains("--create-topics")
                .contains("Off by default for production safety")
                .contains("--metrics-port");
    }
}
