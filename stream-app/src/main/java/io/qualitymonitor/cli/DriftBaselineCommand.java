package io.qualitymonitor.cli;

import io.qualitymonitor.report.DriftBaselines;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drift baseline}: builds a named baseline from the scores topic and publishes it. */
@Command(
        name = "baseline",
        mixinStandardHelpOptions = true,
        description =
                "Build baseline NAME from the live scores with event time in [FROM, TO) and"
                        + " publish it, per segment, as its next version to the compacted"
                        + " baselines topic. Use it with --set drift.baseline=NAME.")
public final class DriftBaselineCommand implements Callable<Integer> {
    @Mixin ConfigMixin config;
    @Spec CommandSpec spec;

    @Option(
            names = "--name",
            required = true,
            paramLabel = "NAME",
            description = "Baseline name (letters, digits, '_', '.', '-').")
    String name;

    @Mixin TimeRangeOptions range;

    @Override
    public Integer call() {
        range.check();
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new UserException(
                    "--name may hold letters, digits, '_', '.', '-' only", ExitCodes.USAGE);
        }
        var p = DriftBaselines.buildAndPublish(config.load(), name, range.from, range.to);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("published baseline %s@%d%n", p.name(), p.version());
        p.counts().forEach((segment, n) -> out.printf("  %-40s %d scores%n", segment, n));
        return ExitCodes.OK;
    }
}
