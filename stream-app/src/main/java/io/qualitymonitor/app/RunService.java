package io.qualitymonitor.app;

import io.qualitymonitor.config.AppConfig;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pipeline against the configured Kafka and Schema Registry until asked to stop: logs the
 * effective settings (secrets masked), checks that the broker and the registry answer, optionally
 * creates missing topics and registers the schemas, starts the pipeline and waits.
 *
 * <p>{@link #run()} blocks on the caller's thread; {@link #stop()} (e.g. from a shutdown hook)
 * makes it close everything and return.
 */
public final class RunService {
    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);
    private static final long STOP_WAIT_SECONDS = 90;

    private final AppConfig config;
    private final RunOptions options;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    /** Creates the service; nothing connects before {@link #run()}. */
    public RunService(AppConfig config, RunOptions options) {
        this.config = config;
        this.options = options;
    }

    /**
     * Starts the pipeline and blocks until {@link #stop()} is called; returns after a clean close.
     *
     * @throws StartupException when the broker or registry does not answer, topics are missing, or
     *     Kafka Streams stops by itself
     */
    public void run() throws InterruptedException {
        try {
            LOG.info(
                    "quality-monitor run, effective settings (secrets hidden):\n{}",
                    EffectiveSettings.describe(config.raw().asMap()));
            try (Wiring wiring = new Wiring(config)) {
                StartupChecks.prepare(
                        config, wiring, options.createTopics(), options.startupTimeout());
                if (stopRequested.getCount() == 0) {
                    return;
                }
                LOG.info("loading model {}", config.model().dir());
                try (ScoringApp pipeline = ScoringApp.start(config, wiring.topics())) {
                    LOG.info(
                            "pipeline started: reading {}, writing {}; health and metrics {}",
                            inputs(wiring),
                            wiring.topics().outputNames(),
                            config.metrics().port() > 0
                                    ? "on port " + config.metrics().port()
                                    : "off (metrics.port=0)");
                    awaitStop(pipeline);
                    LOG.info("stopping: closing Kafka Streams (commits what was processed)");
                }
            }
            LOG.info("stopped cleanly");
        } finally {
            finished.countDown();
        }
    }

    /** Asks a running {@link #run()} to stop and waits (bounded) until it has closed everything. */
    public void stop() {
        stopRequested.countDown();
        try {
            if (!finished.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("pipeline did not close within {} s", STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitStop(ScoringApp pipeline) throws InterruptedException {
        while (!stopRequested.await(1, TimeUnit.SECONDS)) {
            if (!pipeline.isAlive()) {
                throw new StartupException(
                        "Kafka Streams stopped by itself (state "
                                + pipeline.state()
                                + "); see the log above for the cause");
            }
        }
    }

    private static Object inputs(Wiring wiring) {
        return wiring.topics().uploadsPattern() != null
                ? "topics matching /" + wiring.topics().uploadsPattern() + "/"
                : wiring.topics().uploadNames();
    }
}
