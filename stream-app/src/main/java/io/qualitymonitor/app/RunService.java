package io.qualitymonitor.app;

import io.qualitymonitor.config.AppConfig;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pipeline against the configured Kafka and Schema Registry until asked to stop: logs the
 * effective settings (secrets masked), checks that the broker and the registry answer, optionally
 * creates missing topics and registers the schemas, starts the pipeline and waits. The model loads
 * during the checks, and warms up while Kafka Streams joins its group and restores its stores (a
 * restart's time is the longer of each pair, not their sum; docs/reliability.md).
 *
 * <p>{@link #run()} blocks on the caller's thread; {@link #stop()} (e.g. from a shutdown hook)
 * makes it close everything and return.
 */
public final class RunService {
    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);

    private final AppConfig config;
    private final RunOptions options;
    private final StopRequest stop = new StopRequest("pipeline");

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
                // the model loads and warms up meanwhile: neither waits for the other
                ModelStartup model = ModelStartup.begin(config);
                boolean started = false;
                try {
                    long checks = System.nanoTime();
                    StartupChecks.prepare(
                            config, wiring, options.createTopics(), options.startupTimeout());
                    LOG.info(
                            "start-up checks passed in {} ms",
                            (System.nanoTime() - checks) / 1_000_000);
                    if (stop.isRequested()) {
                        return;
                    }
                    model.scorer(); // Kafka Streams starts once the model is loaded
                    started = true;
                } finally {
                    if (!started) {
                        model.close(); // at once, or as soon as its load or warm-up ends
                    }
                }
                try (ScoringApp pipeline = ScoringApp.start(config, wiring.topics(), model)) {
                    LOG.info(
                            "pipeline started: reading {}, writing {}; health and metrics {}",
                            inputs(wiring),
                            wiring.topics().outputNames(),
                            config.metrics().port() > 0
                                    ? "on port " + config.metrics().port()
                                    : "off (metrics.port=0)");
                    awaitStop(pipeline, model);
                    LOG.info("stopping: closing Kafka Streams (commits what was processed)");
                }
            }
            LOG.info("stopped cleanly");
        } finally {
            stop.finished();
        }
    }

    /** Asks a running {@link #run()} to stop and waits (bounded) until it has closed everything. */
    public void stop() {
        stop.requestAndWait();
    }

    private void awaitStop(ScoringApp pipeline, ModelStartup model) throws InterruptedException {
        while (!stop.await(Duration.ofSeconds(1))) {
            if (model.warmUpFailed()) {
                model.warmUp(); // throws what the warm-up threw, as a start before it did
            }
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
