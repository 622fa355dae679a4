package io.qualitymonitor.cli;

import io.qualitymonitor.config.OneLine;
import java.io.PrintStream;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root command: lists the subcommands and installs the error handling that prints one line and
 * returns the exit code {@link ExitCodes#of} maps.
 */
@Command(
        name = "quality-monitor",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Real-time image-quality monitoring on Apache Kafka.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            StackCommand.class,
            ProduceCommand.class,
            ScoreCommand.class,
            BenchCommand.class,
            DriftCommand.class,
            FitCommand.class,
            EvaluateCommand.class,
            ModelCommand.class,
            ReplayCommand.class,
            CommandLine.HelpCommand.class
        })
public final class QualityMonitorCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(QualityMonitorCommand.class);

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns the exit code; never calls {@code System.exit}. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cmd = new CommandLine(new QualityMonitorCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        withErrorHandling(cmd);
        int code = cmd.execute(args);
        // print() is not flushed by the writers' autoflush (only println/printf are)
        cmd.getOut().flush();
        cmd.getErr().flush();
        return code;
    }

    /**
     * Returns {@code cmd} with the launcher's error handling: a wrong option or a failure prints
     * one line on the error stream and gives the mapped exit code (tests of single subcommands use
     * it too).
     */
    static CommandLine withErrorHandling(CommandLine cmd) {
        cmd.setParameterExceptionHandler(
                (ex, a) -> {
                    CommandLine c = ex.getCommandLine();
                    c.getErr()
                            .println(
                                    "error: "
                                            + ex.getMessage()
                                            + " (see '"
                                            + c.getCommandSpec().qualifiedName()
                                            + " --help')");
                    return ExitCodes.USAGE;
                });
        cmd.setExecutionExceptionHandler(
                (ex, c, parseResult) -> {
                    c.getErr().println("error: " + OneLine.of(ex));
                    LOG.debug("command failed", ex);
                    return ExitCodes.of(ex);
                });
        return cmd;
    }
}
