package io.qualitymonitor.cli;

import io.qualitymonitor.app.demo.DemoOptions;
import io.qualitymonitor.app.demo.DemoRunner;
import io.qualitymonitor.app.demo.DemoSummary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: the whole job on an embedded broker and registry, with sample uploads. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start an embedded Kafka broker and Schema Registry, create the topics, register the"
                    + " schemas, send sample uploads and show what happens to each, live.",
            "Ctrl-C stops everything cleanly."
        })
public final class DemoCommand implements Callable<Integer> {
    @Mixin ConfigMixin configMixin;

    @Spec CommandSpec spec;

    @Option(
            names = "--uploads",
            paramLabel = "N",
            description = "Stop after N uploads are fully processed (default: run until Ctrl-C).")
    long uploads;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            defaultValue = "10",
            description = "Sample uploads produced per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--summary",
            paramLabel = "FILE",
            description = "Write a JSON summary (records per topic, throughput, latency) to FILE.")
    Path summary;

    @Option(
            names = "--shift-after",
            paramLabel = "N",
            description =
                    "From upload N on, platform=android sends degraded images, so that a drift"
                            + " alert shows (default: half of --uploads, or 1200 when endless;"
                            + " 0 = never).")
    Long shiftAfter;

    @Override
    public Integer call() throws Exception {
        if (uploads < 0 || rate <= 0 || (shiftAfter != null && shiftAfter < 0)) {
            throw new UserException(
                    "--uploads and --shift-after must be >= 0 and --rate > 0", ExitCodes.USAGE);
        }
        DemoRunner runner =
                new DemoRunner(
                        configMixin.loadDemo(),
                        new DemoOptions(
                                uploads,
                                rate,
                                summary,
                                shiftAfter != null
                                        ? shiftAfter
                                        : DemoOptions.defaultShiftAfter(uploads)),
                        spec.commandLine().getOut());
        DemoSummary result = ShutdownHook.around("demo-shutdown", runner::stop, runner::run);
        if (summary != null) {
            result.writeJson(summary);
            spec.commandLine().getOut().println("summary written to " + summary);
        }
        return result.interrupted() ? ExitCodes.INTERRUPTED : ExitCodes.OK;
    }
}
