package io.qualitymonitor.cli;

import io.qualitymonitor.app.ModelControlService;
import io.qualitymonitor.app.ModelSelection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Makes a bundle the live model of every running instance, without a restart. */
@Command(
        name = "promote",
        mixinStandardHelpOptions = true,
        description =
                "Make a bundle the live model of every instance of the application"
                        + " (kafka.application.id), without a restart: written to the compacted"
                        + " topic topics.model.control, which the instances follow; each score"
                        + " names the version that made it.")
final class ModelPromoteCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin ConfigMixin config;

    @Parameters(
            index = "0",
            paramLabel = "DIR",
            description = "Bundle folder or .zip, at a path every instance can read.")
    Path dir;

    @Override
    public Integer call() {
        print(spec.commandLine().getOut(), new ModelControlService(config.load()).promote(dir));
        return ExitCodes.OK;
    }

    /** Prints what became live and what it replaced, in one line. */
    static void print(PrintWriter out, ModelControlService.Change c) {
        ModelSelection s = c.selection();
        out.printf(
                "%s%s: %s (version %s) is live; before: %s (version %s)%n",
                c.written() ? "" : "nothing to do, after ",
                s.action(),
                s.dir(),
                s.version(),
                s.previousDir(),
                s.previousVersion());
        out.flush();
    }
}
