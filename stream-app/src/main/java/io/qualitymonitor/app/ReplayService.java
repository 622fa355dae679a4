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
 * start-up (or the first offset at or after {@code to}) and the scoring buffers are empty
 * (committed offsets also cover records waiting there); closing the pipeline then commits the last
 * outcomes. Its scores, alerts and dead letters go to the configured output topics with {@code
 * replayRunId} set, and drift monitoring leaves them out.
 *
 * <p>{@link #stop()} (e.g. from a stop signal) ends the run early: the pipeline closes, committing
 * what it processed, and the summary says how far the run got; a run started again with the same
 * run id goes on from there.
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
    private final StopRequest stop = new StopRequest("replay");

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
     * @param committed records of the range committed when the run ended (all unless stopped)
     * @param stopped whether {@link #stop()} ended the run before the whole range was committed
     * @param scores scores published
     * @param deadLetters dead letters published
     * @param alerts alerts published
     * @param seconds wall-clock time of the scoring
     */
    public record Summary(
            String runId,
            long records,
            long committed,
            boolean stopped,
            long scores,
            long deadLetters,
            long alerts,
            double seconds) {

        /** Returns the last lines of a run: where a stopped run got to, then what it published. */
        public String describe() {
            String published =
                    String.format(
                            Locale.ROOT,
                            "replay %s: %d records in range, %d scores, %d dead letters, %d alerts"
                                    + " in %.1f s",
                            runId,
                            records,
                            scores,
                            deadLetters,
                            alerts,
                            seconds);
            if (!stopped) {
                return published;
            }
            return String.format(
                            Locale.ROOT,
                            "replay %s: stopped after %d of %d records committed; run it again"
                                    + " with --run-id %s to go on%n",
                            runId,
                            committed,
                            records,
                            runId)
                    + published;
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

    /** Returns the application id of a replay run: the configured one with the run id appended. */
    public static String applicationId(AppConfig config, String runId) {
        return config.kafka().applicationId() + "-" + runId;
    }

    /** Replays the range and returns what was published; blocks until done or stopped. */
    public Summary run(Progress progress) throws InterruptedException {
        try {
            return replay(progress);
        } finally {
            stop.finished();
        }
    }

    /** Asks a running {@link #run} to stop and waits (bounded) until it has closed everything. */
    public void stop() {
        stop.requestAndWait();
    }

    private Summary replay(Progress progress) throws InterruptedException {
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
            long total = range.records();
            progress.planned(total);
            LOG.info(
                    "replay {}: {} records in {} partitions, group {}",
                    options.runId(),
                    total,
                    range.offsets().size(),
                    group);
            if (total == 0) {
                return new Summary(options.runId(), 0, 0, false, 0, 0, 0, 0);
            }
            if (!range.seed(admin, group)) {
                LOG.info("replay {}: goes on where the run stopped before", options.runId());
            }
            long t0 = System.nanoTime();
            long[] published = new long[3];
            boolean ended;
            try (ScoringApp app = ScoringApp.start(config, wiring.topics(), options.runId())) {
                ended = awaitEnd(admin, group, range, app, progress);
                published[0] = app.forwarded(QualityTopology.SCORES_SINK);
                published[1] = app.forwarded(QualityTopology.DEAD_LETTERS_SINK);
                published[2] = app.forwarded(QualityTopology.ALERTS_SINK);
            }
            // a stopped run: closing the pipeline committed what it had processed
            long committed = ended ? total : range.committed(admin, group).records();
            return new Summary(
                    options.runId(),
                    total,
                    committed,
                    !ended,
                    published[0],
                    published[1],
                    published[2],
                    (System.nanoTime() - t0) / 1e9);
        } catch (ExecutionException e) {
            throw new StartupException("replay failed: " + e.getCause().getMessage(), e);
        }
    }

    /**
     * Returns true when the whole range is committed and no record of it waits in a buffer, false
     * when {@link #stop()} was called first. Both are read from state (committed offsets, buffers),
     * not counted, so re-processing after a fenced transaction or a rebalance cannot upset them.
     */
    private boolean awaitEnd(
            Admin admin, String group, ReplayRange range, ScoringApp app, Progress progress)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        int drained = 0;
        while (true) {
            ReplayRange.Committed committed = range.committed(admin, group);
            progress.done(committed.records());
            // committed offsets also cover records still in the scoring buffers: the range is done
            // when they are empty too, with every task running (not restoring a buffer); twice in a
            // row, so that a rebalance between the two reads cannot hide a restored buffer
            drained = committed.all() && app.isReady() && app.buffered() == 0 ? drained + 1 : 0;
            if (drained >= 2) {
                return true;
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
            if (stop.await(POLL)) {
                return false;
            }
        }
    }
}
