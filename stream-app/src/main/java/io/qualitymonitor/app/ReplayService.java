package io.qualitymonitor.app;

import io.micrometer.core.instrument.Counter;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.stream.OutcomeRouter;
import io.qualitymonitor.stream.QualityTopology;
import io.qualitymonitor.stream.ScoringProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
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
 *
 * <p>{@link #stop()} (e.g. from a stop signal) ends the run early: the pipeline closes, committing
 * what it processed, and the summary says how far the run got; a run started again with the same
 * run id goes on from there.
 */
public final class ReplayService {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayService.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

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
            double seconds) {}

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
                    ReplayRange.find(config, admin, wiring.topics(), options.from(), options.to());
            long total = range.total();
            progress.planned(total);
            LOG.info(
                    "replay {}: {} records in {} partitions, group {}",
                    options.runId(),
                    total,
                    range.partitions(),
                    group);
            if (total == 0) {
                return new Summary(options.runId(), 0, 0, false, 0, 0, 0, 0);
            }
            if (!range.startGroup(admin, group)) {
                LOG.info("replay {}: goes on where the run stopped before", options.runId());
            }
            long t0 = System.nanoTime();
            long[] published = new long[3];
            boolean ended;
            try (Pipeline pipeline = Pipeline.start(config, wiring.topics(), options.runId())) {
                ended = awaitEnd(admin, group, range, pipeline, progress);
                published[0] = count(pipeline, QualityTopology.SCORES_SINK);
                published[1] = count(pipeline, QualityTopology.DEAD_LETTERS_SINK);
                published[2] = count(pipeline, QualityTopology.ALERTS_SINK);
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
     * Returns true when the whole range is committed and every record read has its outcome, false
     * when {@link #stop()} was called first.
     */
    private boolean awaitEnd(
            Admin admin, String group, ReplayRange range, Pipeline pipeline, Progress progress)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (true) {
            ReplayRange.Committed committed = range.committed(admin, group);
            progress.done(committed.records());
            // committed offsets cover records still in the scoring buffer: wait for their outcomes
            if (committed.all() && outcomes(pipeline) >= recordsIn(pipeline)) {
                return true;
            }
            if (!pipeline.isAlive()) {
                throw new StartupException(
                        "Kafka Streams stopped during the replay (state "
                                + pipeline.state()
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

    private static long recordsIn(Pipeline pipeline) {
        return (long)
                pipeline.meters().find(ScoringProcessor.RECORDS_IN).counters().stream()
                        .mapToDouble(Counter::count)
                        .sum();
    }

    private static long outcomes(Pipeline pipeline) {
        return count(pipeline, QualityTopology.SCORES_SINK)
                + count(pipeline, QualityTopology.DEAD_LETTERS_SINK);
    }

    private static long count(Pipeline pipeline, String sink) {
        Counter c = pipeline.meters().find(OutcomeRouter.RECORDS_OUT).tag("sink", sink).counter();
        return c == null ? 0 : (long) c.count();
    }
}
