package io.qualitymonitor.cli;

import io.qualitymonitor.app.ModelControlService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** Makes the bundle before the last promotion live again in every running instance. */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description =
                "Make the bundle that the last promote (or rollback) replaced live again in every"
                        + " instance of the application, without a restart.")
final class ModelRollbackCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin ConfigMixin config;

    @Override
    public Integer call() {
        ModelPromoteCommand.print(
                spec.commandLine().getOut(), new ModelControlService(config.load()).rollback());
        return ExitCodes.OK;
    }
}
