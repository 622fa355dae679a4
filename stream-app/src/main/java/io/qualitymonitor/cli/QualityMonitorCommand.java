package io.qualitymonitor.cli;

import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.config.OneLine;
import io.qualitymonitor.tools.UsageException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: lists the subcommands; maps exceptions to exit codes in one place. */
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
                    return exitCodeOf(ex);
                });
        return cmd;
    }

    /**
     * Returns the exit code of a failed command: the one place that maps failures to the codes of
     * {@link ExitCodes}.
     */
    static int exitCodeOf(Throwable ex) {
        Throwable e = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        return switch (e) {
            case UserException u -> u.exitCode();
            case UsageException u -> ExitCodes.USAGE;
            // settings, bundles, labels files: ModelException, EvaluationException, FitException
            // and BaselineException are ConfigExceptions too
            case ConfigException c -> ExitCodes.CONFIG;
            case NoSuchFileException f -> ExitCodes.CONFIG;
            case AccessDeniedException f -> ExitCodes.CONFIG;
            case InterruptedException i -> ExitCodes.INTERRUPTED;
            // the runtime failed (ModelRuntimeException), Kafka, the registry
            default -> ExitCodes.RUNTIME;
        };
    }
}
