package io.qualitymonitor.cli;

import io.qualitymonitor.app.DriftBaselines;
import io.qualitymonitor.app.DriftReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drift}: build named baselines and render drift reports from the topics. */
@Command(
        name = "drift",
        mixinStandardHelpOptions = true,
        description = "Drift monitoring: baselines and reports.",
        subcommands = {DriftCommand.BaselineCommand.class, DriftCommand.ReportCommand.class})
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

    /** {@code drift baseline}: builds a named baseline from the scores topic and publishes it. */
    @Command(
            name = "baseline",
            mixinStandardHelpOptions = true,
            description =
                    "Build baseline NAME from the live scores with event time in [FROM, TO) and"
                            + " publish it, per segment, as its next version to the compacted"
                            + " baselines topic. Use it with --set drift.baseline=NAME.")
    static final class BaselineCommand implements Callable<Integer> {
        @Mixin ConfigMixin config;
        @Spec CommandSpec spec;

        @Option(
                names = "--name",
                required = true,
                paramLabel = "NAME",
                description = "Baseline name (letters, digits, '_', '.', '-').")
        String name;

        @Option(names = "--from", required = true, paramLabel = "FROM", description = "ISO-8601")
        String from;

        @Option(names = "--to", required = true, paramLabel = "TO", description = "ISO-8601")
        String to;

        @Override
        public Integer call() {
            if (!name.matches("[A-Za-z0-9_.-]+")) {
                throw new UserException("--name may hold letters, digits, '_', '.', '-' only");
            }
            var p =
                    DriftBaselines.buildAndPublish(
                            config.load(), name, instant("--from", from), instant("--to", to));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("published baseline %s@%d%n", p.name(), p.version());
            p.counts().forEach((segment, n) -> out.printf("  %-40s %d scores%n", segment, n));
            return ExitCodes.OK;
        }
    }

    /** {@code drift report}: PNG plots and an HTML page for a time range. */
    @Command(
            name = "report",
            mixinStandardHelpOptions = true,
            description =
                    "Render, for [FROM, TO), per-segment score distributions against the baseline"
                            + " and the drift statistics over time (PNG) with the drift alerts,"
                            + " into DIR/index.html.")
    static final class ReportCommand implements Callable<Integer> {
        @Mixin ConfigMixin config;
        @Spec CommandSpec spec;

        @Option(names = "--from", required = true, paramLabel = "FROM", description = "ISO-8601")
        String from;

        @Option(names = "--to", required = true, paramLabel = "TO", description = "ISO-8601")
        String to;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "DIR",
                description = "Folder for index.html and the PNG plots (created if missing).")
        Path out;

        @Override
        public Integer call() {
            Path index =
                    DriftReport.write(
                            config.load(), instant("--from", from), instant("--to", to), out);
            spec.commandLine().getOut().println("drift report written to " + index);
            return ExitCodes.OK;
        }
    }
}
