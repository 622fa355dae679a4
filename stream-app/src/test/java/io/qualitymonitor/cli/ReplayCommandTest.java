package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.app.ReplayService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
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

    @Test
    void shouldSayWhereAStoppedReplayGotToAndHowToGoOn() {
        // Given a replay stopped after 40 of 100 records
        StringWriter out = new StringWriter();
        var stopped = new ReplayService.Summary("r1", 100, 40, true, 38, 2, 5, 12.5);

        // When its summary is printed
        ReplayCommand.printSummary(stopped, new PrintWriter(out));

        // Then it says where it stopped, how to go on, and what was published
        assertThat(out.toString())
                .isEqualTo(
                        "replay r1: stopped after 40 of 100 records committed; run it again with"
                                + " --run-id r1 to go on\n"
                                + "replay r1: 100 records in range, 38 scores, 2 dead letters, 5"
                                + " alerts in 12.5 s\n");
    }

    @Test
    void shouldPrintOnlyTheCountsOfAFinishedReplay() {
        StringWriter out = new StringWriter();
        ReplayCommand.printSummary(
                new ReplayService.Summary("r2", 3, 3, false, 3, 0, 0, 1.0), new PrintWriter(out));
        assertThat(out.toString()).doesNotContain("stopped").hasLineCount(1);
    }
}
