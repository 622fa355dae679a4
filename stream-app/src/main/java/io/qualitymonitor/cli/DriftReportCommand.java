package io.qualitymonitor.cli;

import io.qualitymonitor.report.DriftReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drift report}: PNG plots and an HTML page for a time range. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description =
                "Render, for [FROM, TO), per-segment score distributions against the baseline"
                        + " and the drift statistics over time (PNG) with the drift alerts,"
                        + " into DIR/index.html.")
public final class DriftReportCommand implements Callable<Integer> {
    @Mixin ConfigMixin config;
    @Spec CommandSpec spec;

    @Mixin TimeRangeOptions range;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Folder for index.html and the PNG plots (created if missing).")
    Path out;

    @Override
    public Integer call() {
        range.check();
        Path index = DriftReport.write(config.load(), range.from, range.to, out);
        spec.commandLine().getOut().println("drift report written to " + index);
        return ExitCodes.OK;
    }
}
