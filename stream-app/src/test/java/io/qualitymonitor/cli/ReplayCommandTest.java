package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayCommandTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--from|yesterday|is not a time",
                "--to|2026-13-01|is not a time",
                "--run-id|a b|--run-id may hold",
                "--timeout|0|--timeout must be > 0"
            })
    void shouldRefuseABadOptionInOneLineWithTheUsageExitCode(
            String option, String value, String message) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                QualityMonitorCommand.run(
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        "replay",
                        option,
                        value);
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(e).contains(message).hasLineCount(1);
    }

    @ParameterizedTest
    @CsvSource({"2026-11-02T00:00:00Z,2026-11-01", "2026-11-01,2026-11-01T00:00:00Z"})
    void shouldRefuseARangeThatEndsBeforeItStarts(String from, String to) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                QualityMonitorCommand.run(
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        "replay",
                        "--from",
                        from,
                        "--to",
                        to);
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--to must be after --from");
    }
}
