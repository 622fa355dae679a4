package io.qualitymonitor.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs a {@link RunCommand} the way the root command does (one-line errors, exit codes mapped by
 * {@link QualityMonitorCommand}), keeping the instance so a test can stop it like the shutdown hook
 * does.
 */
final class RunCommandLine {
    final RunCommand command = new RunCommand();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Returns the exit code of {@code run} with {@code args}. */
    int execute(String... args) {
        CommandLine cmd = new CommandLine(command);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        QualityMonitorCommand.withErrorHandling(cmd);
        return cmd.execute(args);
    }

    String stdout() {
        return out.toString();
    }

    String stderr() {
        return err.toString();
    }
}
