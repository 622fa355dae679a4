package io.qualitymonitor.cli;

import io.qualitymonitor.app.ReplayService;
import io.qualitymonitor.config.AppConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Re-scores a time range of the upload topics with a model, through the live pipeline's code. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Re-score a time range of the upload topics with a model (e.g. a new one) through the"
                    + " same pipeline as 'run'. Outputs go to the configured topics with"
                    + " replayRunId set; drift monitoring leaves them out.",
            "The run has its own consumer group (<kafka.application.id>-<run id>) and ends when"
                    + " every partition is committed up to the end of the range; started again"
                    + " with the same --run-id it goes on where it stopped."
        })
public final class ReplayCommand implements Callable<Integer> {
    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("'replay-'yyyyMMdd'T'HHmmss", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

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
        String id = runId != null ? runId : RUN_ID.format(Instant.now());
        if (!id.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new UserException(
                    "--run-id may hold letters, digits, '.', '_' and '-' only", ExitCodes.USAGE);
        }
        Map<String, String> extra = new LinkedHashMap<>(model.overrides());
        AppConfig base = config.load(extra);
        extra.put("kafka.application.id", ReplayService.applicationId(base, id));
        extra.put("metrics.port", "0");
        AppConfig cfg = config.load(extra);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        err.printf(
                "replay %s: %s from %s to %s with model %s%n",
                id,
                base.topics().uploadsPattern() != null
                        ? "topics matching /" + base.topics().uploadsPattern() + "/"
                        : base.topics().uploads(),
                from == null ? "the beginning" : from,
                to == null ? "the end (now)" : to,
                cfg.model().dir());
        ReplayService service =
                new ReplayService(
                        cfg,
                        new ReplayService.Options(
                                id, from, to, createTopics, Duration.ofMinutes(timeoutMinutes)));
        AtomicReference<ProgressBar> bar = new AtomicReference<>();
        ReplayService.Summary s;
        try {
            s =
                    ShutdownHook.around(
                            "replay-shutdown",
                            service::stop,
                            () -> service.run(progress(bar, cfg)));
        } finally {
            if (bar.get() != null) {
                bar.get().close();
            }
        }
        printSummary(s, out);
        return s.stopped() ? ExitCodes.INTERRUPTED : ExitCodes.OK;
    }

    private ReplayService.Progress progress(AtomicReference<ProgressBar> bar, AppConfig cfg) {
        PrintWriter err = spec.commandLine().getErr();
        return new ReplayService.Progress() {
            @Override
            public void planned(long records) {
                bar.set(ProgressBars.over("replay", records, err, cfg));
            }

            @Override
            public void done(long records) {
                if (bar.get() != null) {
                    bar.get().stepTo(records); // long: topics are big
                }
            }
        };
    }

    /** Prints the last lines of a replay: where a stopped run got to, then what it published. */
    static void printSummary(ReplayService.Summary s, PrintWriter out) {
        if (s.stopped()) {
            out.printf(
                    Locale.ROOT,
                    "replay %s: stopped after %d of %d records committed; run it again with"
                            + " --run-id %s to go on%n",
                    s.runId(),
                    s.committed(),
                    s.records(),
                    s.runId());
        }
        out.printf(
                Locale.ROOT,
                "replay %s: %d records in range, %d scores, %d dead letters, %d alerts in %.1f s%n",
                s.runId(),
                s.records(),
                s.scores(),
                s.deadLetters(),
                s.alerts(),
                s.seconds());
        out.flush();
    }
}
