package io.qualitymonitor.app;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.KafkaConfig;
import io.qualitymonitor.config.MetricsConfig;
import io.qualitymonitor.replay.ReplayRange;
import io.qualitymonitor.stream.QualityTopology;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-scores a time range of the upload topics with the configured model through the same pipeline
 * as live scoring. The run has its own application id ({@code <kafka.application.id>-<run id>});
 * its consumer group starts at the first offset at or after {@code from} in every input partition
 * and the run ends when the group has committed every partition up to the end offsets read at
 * start-up (or the first offset at or after {@code to}) and every record read has its outcome
 * (committed offsets also cover records waiting in the scoring buffer); closing the pipeline then
 * commits the last outcomes. Its scores, alerts and dead letters go to the configured output topics
 * with {@code replayRunId} set, and drift monitoring leaves them out.
 */
public final class ReplayService {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayService.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("'replay-'yyyyMMdd'T'HHmmss", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    private final AppConfig config;
    private final Options options;

    /**
     * What to replay.
     *
     * @param runId the replay run id, written into every output record
     * @param from first event time to replay (by record timestamp), or null for the beginning
     * @param to end of the range (exclusive), or null for the end offsets at start-up
     * @param createTopics create missing topics and register the schemas first
     * @param timeout how long the run may take before it stops with an error
     */
    public record Options(
            String runId, Instant from, Instant to, boolean createTopics, Duration timeout) {}

    /**
     * What a run did.
     *
     * @param runId the replay run id
     * @param records records in the range
     * @param scores scores published
     * @param deadLetters dead letters published
     * @param alerts alerts published
     * @param seconds wall-clock time of the scoring
     */
    public record Summary(
            String runId,
            long records,
            long scores,
            long deadLetters,
            long alerts,
            double seconds) {

        /** Returns the summary as one line. */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "replay %s: %d records in range, %d scores, %d dead letters, %d alerts in %.1f"
                            + " s",
                    runId,
                    records,
                    scores,
                    deadLetters,
                    alerts,
                    seconds);
        }
    }

    /** Receives the size of the range, then the records done so far. */
    public interface Progress {
        /** Called once with the number of records to replay. */
        void planned(long records);

        /** Called as records are committed. */
        void done(long records);
    }

    /**
     * Creates the service; {@code config} is the configuration of the run: the live endpoints,
     * topics and model, with the run's own {@code kafka.application.id} ({@link #applicationId}).
     */
    public ReplayService(AppConfig config, Options options) {
        this.config = config;
        this.options = options;
    }

    /**
     * Returns the replay over the configuration {@code configFor} loads (the live endpoints, topics
     * and model, with the given settings applied last): the run gets its own {@code
     * kafka.application.id} and no metrics server.
     */
    public static ReplayService forRun(
            Function<Map<String, String>, AppConfig> configFor, Options options) {
        AppConfig base = configFor.apply(Map.of());
        Map<String, String> run = new LinkedHashMap<>();
        run.put(KafkaConfig.APPLICATION_ID, applicationId(base, options.runId()));
        run.put(MetricsConfig.PORT, "0");
        return new ReplayService(configFor.apply(run), options);
    }

    /** Returns a run id from the time: {@code replay-<UTC yyyyMMddTHHmmss>}. */
    public static String newRunId(Instant now) {
        return RUN_ID.format(now);
    }

    /** Returns the application id of a replay run: the configured one with the run id appended. */
    public static String applicationId(AppConfig config, String runId) {
        return config.kafka().applicationId() + "-" + runId;
    }

    /** Returns the settings of the run (for its progress display). */
    public AppConfig config() {
        return config;
    }

    /** Returns one line on what the run replays, with which model. */
    public String describe() {
        return String.format(
                "replay %s: %s from %s to %s with model %s",
                options.runId(),
                config.topics().uploadsPattern() != null
                        ? "topics matching /" + config.topics().uploadsPattern() + "/"
                        : config.topics().uploads(),
                options.from() == null ? "the beginning" : options.from(),
                options.to() == null ? "the end (now)" : options.to(),
                config.model().dir());
    }

    /** Replays the range and returns what was published; blocks until done. */
    public Summary run(Progress progress) throws InterruptedException {
        String group = config.kafka().applicationId();
        try (Wiring wiring = new Wiring(config);
                Admin admin = Admin.create(config.kafka().clientProperties())) {
            StartupChecks.prepare(config, wiring, options.createTopics(), STARTUP_TIMEOUT);
            ReplayRange range =
                    ReplayRange.of(
                            admin,
                            config.kafka().clientProperties(),
                            wiring.topics().uploadNames(),
                            wiring.topics().uploadsPattern(),
                            options.from(),
                            options.to());
            progress.planned(range.records());
            LOG.info(
                    "replay {}: {} records in {} partitions, group {}",
                    options.runId(),
                    range.records(),
                    range.offsets().size(),
                    group);
            if (range.records() == 0) {
                return new Summary(options.runId(), 0, 0, 0, 0, 0);
            }
            if (!range.seed(admin, group)) {
                LOG.info("replay {}: goes on where the run stopped before", options.runId());
            }
            long t0 = System.nanoTime();
            try (ScoringApp app = ScoringApp.start(config, wiring.topics(), options.runId())) {
                awaitEnd(admin, group, range, app, progress);
                return new Summary(
                        options.runId(),
                        range.records(),
                        app.forwarded(QualityTopology.SCORES_SINK),
                        app.forwarded(QualityTopology.DEAD_LETTERS_SINK),
                        app.forwarded(QualityTopology.ALERTS_SINK),
                        (System.nanoTime() - t0) / 1e9);
            }
        } catch (ExecutionException e) {
            throw new StartupException("replay failed: " + e.getCause().getMessage(), e);
        }
    }

    private void awaitEnd(
            Admin admin, String group, ReplayRange range, ScoringApp app, Progress progress)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (true) {
            ReplayRange.Committed committed = range.committed(admin, group);
            progress.done(committed.records());
            // committed offsets cover records still in the scoring buffer: wait for their outcomes
            if (committed.all() && app.outcomes() >= app.recordsIn()) {
                return;
            }
            if (!app.isAlive()) {
                throw new StartupException(
                        "Kafka Streams stopped during the replay (state "
                                + app.state()
                                + "); see the log above for the cause");
            }
            if (System.nanoTime() > deadline) {
                throw new StartupException(
                        "replay did not finish within "
                                + options.timeout().toMinutes()
                                + " minutes ("
                                + committed.records()
                                + " records committed); run it again with the same --run-id to"
                                + " go on");
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
