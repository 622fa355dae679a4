package io.qualitymonitor.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.fetch.SafeFetcher;
import io.qualitymonitor.metrics.MetricsServer;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.model.WarmUp;
import io.qualitymonitor.serde.RegistryOutage;
import io.qualitymonitor.shadow.Agreements;
import io.qualitymonitor.shadow.ShadowScorer;
import io.qualitymonitor.stream.OutcomeRouter;
import io.qualitymonitor.stream.ScoreTap;
import io.qualitymonitor.stream.ScoringProcessor;
import io.qualitymonitor.stream.Topics;
import io.qualitymonitor.stream.TopologyFactory;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns the running scoring pipeline built from one configuration: model, fetcher, decoder,
 * topology, Kafka Streams and (when {@code metrics.port} is set) the metrics server. Closing it
 * stops Kafka Streams first, then releases what the tasks shared.
 */
public final class ScoringApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringApp.class);

    /** Name of the timer of the model's warm-up (one sample per start). */
    public static final String WARM_UP = "qm.model.warmup";

    private final Scorer scorer;
    private final SafeFetcher fetcher;
    private final ExecutorService decodePool;
    private final MetricsServer metricsServer;
    private final StreamsRunner streams;
    private final MeterRegistry meters;
    private final ModelStartup model;
    private final ModelStartup.WarmGate gate;
    private final AtomicBoolean readyLogged = new AtomicBoolean();
    private final RegistryOutage registryOutage;
    private final ModelControl control;
    private final Scorer candidate;
    private final ShadowScorer shadow;

    private ScoringApp(
            AppConfig live,
            Topics topics,
            ModelStartup model,
            MetricsServer metricsServer,
            String replayRunId) {
        this.model = model;
        this.scorer = model.scorer();
        this.metricsServer = metricsServer;
        this.meters = metricsServer != null ? metricsServer.registry() : new SimpleMeterRegistry();
        this.registryOutage = topics.registryOutage();
        model.warmed().thenAccept(w -> meters.timer(WARM_UP).record(w.took()));
        // Live scoring follows promotions (read before the group is joined, so a restart keeps
        // them); a replay scores with the bundle it was given.
        this.control = replayRunId == null ? new ModelControl(live, scorer, meters) : null;
        if (control != null) {
            control.start();
        }
        // The stream threads wait for the warm-up (when it still runs beside Kafka Streams'
        // start), so no live batch pays for a shape's first call; readiness waits for it too.
        this.gate = model.gate(control != null ? control : () -> scorer);
        // A candidate scores beside the live model, on its own queue and thread.
        boolean shadowed = replayRunId == null && live.shadow().enabled();
        this.candidate = shadowed ? ModelControl.load(live.shadow().dir(), live) : null;
        this.shadow = shadowed ? new ShadowScorer(live, topics, candidate, meters) : null;
        // The memory budget bounds the bodies in flight: fetches beyond it wait for a slot.
        this.fetcher =
                new SafeFetcher(
                        live.fetch().withMaxConcurrency(live.memory().fetchSlots(live.fetch())));
        this.decodePool = Executors.newVirtualThreadPerTaskExecutor();
        Topology topology =
                new TopologyFactory(
                                live,
                                topics,
                                gate,
                                fetcher,
                                decodePool,
                                meters,
                                replayRunId,
                                shadow != null ? shadow : ScoreTap.NONE)
                        .topology();
        LOG.debug("topology:\n{}", topology.describe());
        this.streams = new StreamsRunner(live, topology, meters);
        streams.onRunning(this::reportReady);
        model.warmed().thenRun(this::reportReady);
    }

    /** Loads the model, warms it up, builds everything and starts processing. */
    public static ScoringApp start(AppConfig live, Topics topics) {
        return start(live, topics, (String) null);
    }

    /**
     * Loads the model, warms it up, builds everything and starts processing; the outputs carry
     * {@code replayRunId} (null for live scoring).
     */
    public static ScoringApp start(AppConfig live, Topics topics, String replayRunId) {
        return start(live, topics, ModelStartup.now(live), replayRunId);
    }

    /**
     * Builds everything around a loaded model and starts processing, while its warm-up may still
     * run: the stream threads score once it has ended, and the pipeline is ready only then. Closes
     * {@code model} when the start fails.
     */
    public static ScoringApp start(AppConfig live, Topics topics, ModelStartup model) {
        return start(live, topics, model, null);
    }

    private static ScoringApp start(
            AppConfig live, Topics topics, ModelStartup model, String replayRunId) {
        MetricsServer metrics = null;
        try {
            AtomicReference<ScoringApp> self = new AtomicReference<>();
            if (live.metrics().port() > 0) {
                metrics =
                        new MetricsServer(
                                live.metrics().port(),
                                () -> self.get() == null || self.get().streams.isAlive(),
                                () -> self.get() != null && self.get().isReady());
            }
            ScoringApp p = new ScoringApp(live, topics, model, metrics, replayRunId);
            self.set(p);
            p.gate.hold();
            p.streams.start();
            return p;
        } catch (RuntimeException e) {
            model.close();
            if (metrics != null) {
                metrics.close();
            }
            throw e;
        }
    }

    /** Logs, once, that Kafka Streams runs with all its tasks and the model has warmed up. */
    private void reportReady() {
        if (streams != null
                && streams.hasRun()
                && model.isWarm()
                && readyLogged.compareAndSet(false, true)) {
            LOG.info("pipeline ready: Kafka Streams RUNNING, model warmed up");
        }
    }

    /** Returns the registry of the pipeline's meters (batch sizes, latencies, records). */
    public MeterRegistry meters() {
        return meters;
    }

    /**
     * Returns how many records wait in the buffers of this instance's tasks for their outcome (read
     * and committed, not yet scored); a task being restored is not counted.
     */
    public long buffered() {
        return (long)
                meters.find(ScoringProcessor.BUFFERED).gauges().stream()
                        .mapToDouble(Gauge::value)
                        .sum();
    }

    /** Returns how many records have been forwarded to {@code sink} (a sink of the topology). */
    public long forwarded(String sink) {
        Counter c = meters.find(OutcomeRouter.RECORDS_OUT).tag("sink", sink).counter();
        return c == null ? 0 : (long) c.count();
    }

    /** Returns what the model's warm-up ran and how long it took, once it has ended. */
    public WarmUp warmUp() {
        return model.warmUp();
    }

    /** Returns the model the pipeline scores with now (a promotion or rollback switches it). */
    public Scorer scorer() {
        return control != null ? control.get() : scorer;
    }

    /** Returns the shadow scoring's agreement with the live model, or null without a candidate. */
    public Agreements shadowAgreements() {
        return shadow != null ? shadow.agreements() : null;
    }

    /** Returns how many partitions of {@code topic} this instance reads now. */
    public long activePartitions(String topic) {
        return streams.activePartitions(topic);
    }

    /**
     * Returns true once Kafka Streams runs with all its tasks and the model's warm-up has ended,
     * and while no upload waits on an unavailable Schema Registry.
     */
    public boolean isReady() {
        return streams.isReady() && model.isWarm() && registryOutage.isAvailable();
    }

    /** Returns true unless Kafka Streams died (ERROR) or was shut down. */
    public boolean isAlive() {
        return streams.isAlive();
    }

    /** Returns the current Kafka Streams state, for messages. */
    public String state() {
        return streams.state().name();
    }

    /**
     * Waits until Kafka Streams runs with all its tasks, or throws when it has not after {@code
     * timeout} or has died.
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!streams.isReady() || !model.isWarm()) {
            if (!streams.isAlive()) {
                throw new IllegalStateException("Kafka Streams stopped: state " + streams.state());
            }
            if (model.warmed().isCompletedExceptionally()) {
                model.warmUp(); // throws what the warm-up threw
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Kafka Streams not running with a warm model after "
                                + timeout
                                + ": state "
                                + streams.state());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        if (!streams.close(Duration.ofSeconds(30))) {
            // a stream thread may still be scoring: closing the model under it would turn its
            // batch into MODEL_ERROR dead letters; the process exit releases what is left, and
            // what was not committed is redone after a restart
            LOG.warn("leaving the model open: Kafka Streams is still closing");
            if (metricsServer != null) {
                metricsServer.close();
            }
            return;
        }
        fetcher.close();
        decodePool.shutdownNow();
        if (control != null) {
            control.close();
        }
        if (shadow != null) {
            shadow.close();
            candidate.close();
        }
        model.close();
        if (metricsServer != null) {
            metricsServer.close();
        }
    }
}
