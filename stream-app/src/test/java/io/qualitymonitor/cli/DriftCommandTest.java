package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DriftCommandTest {

    @Test
    void shouldParseTheBaselineSubcommand() {
        // When
        var parsed =
                new CommandLine(new DriftCommand())
                        .parseArgs(
                                "baseline",
                                "--name",
                                "launch",
                                "--from",
                                "2026-11-20T00:00:00Z",
                                "--to",
                                "2026-11-21T00:00:00Z");

        // Then
        var baseline = parsed.subcommand().commandSpec().userObject();
        assertThat(baseline).isInstanceOf(DriftBaselineCommand.class);
        assertThat(((DriftBaselineCommand) baseline).name).isEqualTo("launch");
    }

    @Test
    void shouldRequireTheReportOutputFolder() {
        // When the report is asked for without --out
        int code =
                new CommandLine(new DriftCommand())
                        .execute(
                                "report",
                                "--from",
                                "2026-11-20T00:00:00Z",
                                "--to",
                                "2026-11-21T00:00:00Z");

        // Then picocli rejects the usage
        assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    }

    @Test
    void shouldRefuseABadBaselineNameWithTheUsageExitCode() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                QualityMonitorCommand.run(
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        "drift",
                        "baseline",
                        "--name",
                        "a/b",
                        "--from",
                        "2026-12-07",
                        "--to",
                        "2026-12-08");
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--name may hold")
                .hasLineCount(1);
    }
}
