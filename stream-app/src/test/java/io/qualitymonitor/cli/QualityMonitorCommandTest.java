package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QualityMonitorCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return QualityMonitorCommand.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldListTheCommandsInHelp() {
        // When
        int code = run("--help");

        // Then
        assertThat(code).isZero();
        assertThat(stdout()).contains("Commands:").contains("demo");
    }

    @Test
    void shouldRejectAWrongOptionWithOneLineAndExitCodeTwo() {
        // When
        int code = run("demo", "--no-such-option");

        // Then
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr().strip().lines()).hasSize(1);
        assertThat(stderr()).contains("--no-such-option").doesNotContain("Exception");
    }

    @Test
    void shouldRejectAnUnknownCommand() {
        assertThat(run("frobnicate")).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr().strip().lines()).hasSize(1);
    }

    @Test
    void shouldReportAMissingConfigFileInOneLineWithExitCodeThree() {
        // When the demo is pointed at a config file that does not exist
        int code = run("demo", "--config", "/no/such/file.properties", "--uploads", "1");

        // Then it stops before starting anything, with one line and no stack trace
        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(stderr().strip())
                .isEqualTo("error: config file not found: /no/such/file.properties");
    }

    @Test
    void shouldReportABadSettingInOneLine() {
        // When a setting has a malformed value
        int code = run("demo", "--set", "batch.max.size=lots", "--uploads", "1");

        // Then the key is named
        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(stderr().strip())
                .isEqualTo("error: setting 'batch.max.size' must be an integer, got 'lots'");
    }

    @Test
    void shouldRefuseAMisspeltSettingInOneLineWithExitCodeThree() {
        // When a flag names a setting that does not exist
        int code = run("score", "--set", "fetch.allow.host=127.0.0.1", "samples/kodim01.jpg");

        // Then it stops before scoring, naming the setting meant
        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(stderr().strip())
                .isEqualTo(
                        "error: unknown setting fetch.allow.host; did you mean fetch.allow.hosts?");
    }

    @Test
    void shouldRejectNegativeUploadCount() {
        assertThat(run("demo", "--uploads", "-3")).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr().strip().lines()).hasSize(1);
    }
}
