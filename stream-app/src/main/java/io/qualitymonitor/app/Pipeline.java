package io.qualitymonitor.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.fetch.SafeFetcher;
import io.qualitymonitor.image.DecodeLimits;
import io.qualitymonitor.image.ImageDecoder;
import io.qualitymonitor.metrics.MetricsServer;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.stream.AlertPolicy;
import io.qualitymonitor.stream.BatchScorer;
import io.qualitymonitor.stream.DriftProcessor;
import io.qualitymonitor.stream.OutcomeRouter;
import io.qualitymonitor.stream.QualityTopology;
import io.qualitymonitor.stream.ScoringProcessor;
import io.qualitymonitor.stream.SegmentFanOut;
import io.qualitymonitor.stream.Topics;
import io.qualitymonitor.stream.UploadPreparer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns the running scoring pipeline built from one configuration: model, fetcher, decoder,
 * topology, Kafka Streams and (when {@code metrics.port} is set) the metrics server. Closing it
 * stops Kafka Streams first, then releases what the tasks shared.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final Scorer scorer;
    private final SafeFetcher fetcher;
    private final ExecutorService decodePool;
    private final MetricsServer metricsServer;
    private final StreamsPipeline streams;

    private Pipeline(AppConfig live, Topics topics, Scorer scorer, MetricsServer metricsServer) {
        this.scorer = scorer;
        this.metricsServer = metricsServer;
        MeterRegistry meters =
                metricsServer != null ? metricsServer.registry() : new SimpleMeterRegistry();
        this.fetcher = new SafeFetcher(live.fetch());
        this.decodePool = Executors.newVirtualThreadPerTaskExecutor();
        UploadPreparer preparer =
                new UploadPreparer(
                        topics.uploadSerde().deserializer(),
                        fetcher,
                        new ImageDecoder(DecodeLimits.from(live.fetch())),
                        decodePool);
        BatchScorer batchScorer = new BatchScorer(scorer);
        AlertPolicy alerts = new AlertPolicy(live.alerts());
        OutcomeRouter.Factory routers =
                ctx -> new OutcomeRouter(ctx, alerts, meters, Clock.systemUTC(), null);
        Topology topology =
                QualityTopology.build(
                        topics,
                        () ->
                                new ScoringProcessor(
                                        live.batch(), preparer, batchScorer, routers, meters),
                        () -> new SegmentFanOut(live.drift(), topics.scores()),
                        () ->
                                new DriftProcessor(
                                        live.drift(),
                                        meters,
                                        Clock.systemUTC(),
                                        live.topics().partitions()));
        LOG.debug("topology:\n{}", topology.describe());
        this.streams = new StreamsPipeline(live, topology, meters);
    }

    /** Loads the model, builds everything and starts processing. */
    public static Pipeline start(AppConfig live, Topics topics) {
        Scorer scorer = Scorer.open(live.model());
        MetricsServer metrics = null;
        try {
            AtomicReference<Pipeline> self = new AtomicReference<>();
            if (live.metrics().port() > 0) {
                metrics =
                        new MetricsServer(
                                live.metrics().port(),
                                () -> self.get() == null || self.get().streams.isAlive(),
                                () -> self.get() != null && self.get().isReady());
            }
            Pipeline p = new Pipeline(live, topics, scorer, metrics);
            self.set(p);
            p.streams.start();
            return p;
        } catch (RuntimeException e) {
            scorer.close();
            if (metrics != null) {
                metrics.close();
            }
            throw e;
        }
    }

    /** Returns the model the pipeline scores with. */
    public Scorer scorer() {
        return scorer;
    }

    /** Returns true once Kafka Streams runs with all its tasks. */
    public boolean isReady() {
        return streams.isReady();
    }

    /**
     * Waits until Kafka Streams runs with all its tasks, or throws when it has not after {@code
     * timeout} or has died.
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!streams.isReady()) {
            if (!streams.isAlive()) {
                throw new IllegalStateException("Kafka Streams stopped: state " + streams.state());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Kafka Streams not running after "
                                + timeout
                                + ": state "
                                + streams.state());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        fetcher.close();
        decodePool.shutdownNow();
        scorer.close();
        if (metricsServer != null) {
            metricsServer.close();
        }
    }
}
