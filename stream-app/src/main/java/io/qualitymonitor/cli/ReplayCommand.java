package io.qualitymonitor.cli;

import io.qualitymonitor.app.ReplayService;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Re-scores a time range of the upload topics with a model, through the live pipeline's code. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        subcommands = ReplayCompareCommand.class,
        description = {
            "Re-score a time range of the upload topics with a model (e.g. a new one) through the"
                    + " same pipeline as 'run'. Outputs go to the configured topics with"
                    + " replayRunId set; drift monitoring leaves them out.",
            "The run has its own consumer group (<kafka.application.id>-<run id>) and ends when"
                    + " every partition is committed up to the end of the range; started again"
                    + " with the same --run-id it goes on where it stopped."
        })
public final class ReplayCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin ConfigMixin config;
    @Mixin ModelOptions model;

    @Option(
            names = "--from",
            paramLabel = "TIME",
            converter = TimeConverter.class,
            description =
                    "First record time to replay: "
                            + TimeConverter.FORMS
                            + "; default: the beginning of the topics.")
    Instant from;

    @Option(
            names = "--to",
            paramLabel = "TIME",
            converter = TimeConverter.class,
            description =
                    "End of the range (exclusive), same forms; default: the end of the topics"
                            + " now.")
    Instant to;

    @Option(
            names = "--run-id",
            paramLabel = "ID",
            description = "Replay run id, written into every output (default: replay-<UTC time>).")
    String runId;

    @Option(
            names = "--create-topics",
            description = "Create missing topics and register the schemas first.")
    boolean createTopics;

    @Option(
            names = "--timeout",
            paramLabel = "MINUTES",
            defaultValue = "120",
            description = "Stop with an error after this long (default: ${DEFAULT-VALUE}).")
    long timeoutMinutes;

    @Override
    public Integer call() throws Exception {
        TimeConverter.requireOrder(from, to);
        if (timeoutMinutes <= 0) {
            throw new UserException("--timeout must be > 0", ExitCodes.USAGE);
        }
        String id = runId != null ? runId : ReplayService.newRunId(Instant.now());
        if (!id.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new UserException(
                    "--run-id may hold letters, digits, '.', '_' and '-' only", ExitCodes.USAGE);
        }
        var options =
                new ReplayService.Options(
                        id, from, to, createTopics, Duration.ofMinutes(timeoutMinutes));
        ReplayService service = ReplayService.forRun(config.loader(model.overrides()), options);
        PrintWriter err = spec.commandLine().getErr();
        err.println(service.describe());
        ReplayService.Summary s;
        try (ProgressBars.Replay bar = ProgressBars.replay(err, service.config())) {
            s = ShutdownHook.around("replay-shutdown", service::stop, () -> service.run(bar));
        }
        printSummary(s, spec.commandLine().getOut());
        return s.stopped() ? ExitCodes.INTERRUPTED : ExitCodes.OK;
    }

    /** Prints the last lines of a replay: where a stopped run got to, then what it published. */
    static void printSummary(ReplayService.Summary s, PrintWriter out) {
        out.println(s.describe());
        out.flush();
    }
}
