package io.qualitymonitor.cli;

import io.qualitymonitor.tools.bundle.BundleInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Describes model bundles: what they are, what they were trained on, what they measured. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description =
                "Model bundles: 'model info [DIR]' verifies a bundle and describes it; 'model"
                        + " promote DIR' and 'model rollback' switch the live model of running"
                        + " instances; 'model status' shows the live model and the shadow model's"
                        + " agreement with it.",
        subcommands = {
            ModelCommand.Info.class,
            ModelPromoteCommand.class,
            ModelRollbackCommand.class,
            ModelStatusCommand.class
        })
public final class ModelCommand implements Runnable {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Verifies a bundle's checksums and prints its branches, heads, training and metrics. */
    @Command(
            name = "info",
            mixinStandardHelpOptions = true,
            description =
                    "Verify a bundle (checksums, shapes of its files) and describe it: branches,"
                            + " inputs, heads, prompts, what it was trained on, its metrics.")
    static final class Info implements Callable<Integer> {
        @Spec picocli.CommandLine.Model.CommandSpec spec;
        @Mixin ConfigMixin config;

        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "DIR",
                description = "Bundle folder or .zip (default: model.dir, the shipped bundle).")
        Path dir;

        @Override
        public Integer call() {
            Path path = dir != null ? dir : config.load().model().dir();
            PrintWriter out = spec.commandLine().getOut();
            BundleInfo.describe(path).forEach(out::println);
            out.flush();
            return ExitCodes.OK;
        }
    }
}
