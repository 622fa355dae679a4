package io.qualitymonitor.cli;

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
}
