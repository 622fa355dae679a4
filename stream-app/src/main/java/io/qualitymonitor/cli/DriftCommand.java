package io.qualitymonitor.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code drift}: build named baselines and render drift reports from the topics. */
@Command(
        name = "drift",
        mixinStandardHelpOptions = true,
        description = "Drift monitoring: baselines and reports.",
        subcommands = {DriftBaselineCommand.class, DriftReportCommand.class})
public final class DriftCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Instant instant(String option, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new UserException(
                    option + " must be an ISO-8601 instant like 2026-11-23T10:00:00Z, got " + value,
                    ExitCodes.USAGE);
        }
    }
}
