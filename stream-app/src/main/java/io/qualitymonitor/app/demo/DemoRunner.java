package io.qualitymonitor.app.demo;

import io.qualitymonitor.app.ScoringApp;
import io.qualitymonitor.app.Wiring;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.embedded.EmbeddedStack;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the demo: starts the embedded stack, creates topics, registers schemas, starts the scoring
 * pipeline with the configured model, produces sample uploads and shows scores, alerts and dead
 * letters as they arrive.
 */
public final class DemoRunner {
    private static final Logger LOG = LoggerFactory.getLogger(DemoRunner.class);

    private final AppConfig config;
    private final DemoOptions options;
    private final PrintWriter out;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile DemoObserver observer;

    public DemoRunner(AppConfig config, DemoOptions options, PrintWriter out) {
        this.config = config;
        this.options = options;
        this.out = out;
    }

    /** Runs until the requested uploads are accounted for, or {@link #stop()} is called. */
    public DemoSummary run() throws InterruptedException {
        try {
            out.println("quality-monitor demo: starting the embedded stack (broker + registry)...");
            try (EmbeddedStack stack = EmbeddedStack.start(config.embedded())) {
                out.printf(
                        "  broker    %s (Kafka, KRaft, in this JVM)%n", stack.bootstrapServers());
                out.printf(
                        "  registry  %s (Apicurio, Confluent-compatible API)%n",
                        stack.registryUrl());
                AppConfig live =
                        config.withEndpoints(stack.bootstrapServers(), stack.registryUrl());
                try (Wiring wiring = new Wiring(live)) {
                    return runWith(wiring);
                }
            }
        } finally {
            finished.countDown();
        }
    }

    /** Asks a running demo to stop and waits (bounded) until it has shut everything down. */
    public void stop() {
        stopping.set(true);
        DemoObserver o = observer;
        if (o != null) {
            o.wakeup();
        }
        try {
            finished.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private DemoSummary runWith(Wiring wiring) throws InterruptedException {
        AppConfig live = wiring.live();
        List<String> created = wiring.provisionTopics();
        out.printf("  topics    %s created%n", created);
        Map<String, Integer> schemaIds = wiring.registerSchemas();
        out.printf("  schemas   %s registered%n", schemaIds);
        out.printf("  model     loading %s ...%n", live.model().dir());
        try (ScoringApp pipeline = ScoringApp.start(live, wiring.topics())) {
            pipeline.awaitReady(live.embedded().startTimeout());
            var m = pipeline.scorer().bundle().manifest();
            out.printf(
                    "  pipeline  model %s %s%s, batches of up to %d, %s%n",
                    m.name(),
                    m.version(),
                    m.randomInit() ? " (RANDOM WEIGHTS: a test fixture, scores mean nothing)" : "",
                    live.batch().maxSize(),
                    live.kafka().processingGuarantee());
            return produceAndObserve(wiring, schemaIds);
        }
    }

    private DemoSummary produceAndObserve(Wiring wiring, Map<String, Integer> schemaIds)
            throws InterruptedException {
        AppConfig live = wiring.live();
        SampleUploads samples = SampleUploads.fromDirectory(live.embedded().samplesDir());
        String topic = live.topics().uploads().get(0);
        DemoProducer producer =
                new DemoProducer(
                        live.kafka().clientProperties(),
                        wiring.uploadSerde().serializer(),
                        samples,
                        topic,
                        options.uploads(),
                        options.ratePerSecond(),
                        options.shiftAfter(),
                        stopping);
        out.printf(
                "producing %s sample uploads (%d images from %s) to '%s'; results as they arrive:%n",
                options.uploads() > 0 ? options.uploads() : "endless",
                samples.imageCount(),
                live.embedded().samplesDir(),
                topic);
        if (options.shiftAfter() > 0) {
            out.printf(
                    "drift injection: from upload %d on, platform=%s sends degraded images;"
                            + " windows of %d s, watch for DRIFT lines%n",
                    options.shiftAfter(),
                    SampleUploads.SHIFTED_PLATFORM,
                    live.drift().window().size().toSeconds());
        }
        long t0 = System.nanoTime();
        Thread producerThread = null;
        try (DemoObserver o =
                new DemoObserver(live.kafka().clientProperties(), wiring.topics(), out)) {
            observer = o;
            producerThread = Thread.ofPlatform().name("demo-producer").start(producer);
            while (!stopping.get()
                    && (options.uploads() == 0 || o.accounted() < options.uploads())) {
                o.pollOnce();
            }
            return summarize(o, producer, (System.nanoTime() - t0) / 1e9, live, schemaIds);
        } catch (WakeupException e) {
            LOG.debug("demo observer woken up for shutdown");
            return new DemoSummary(
                    "pipeline",
                    options.uploads(),
                    producer.produced(),
                    0,
                    Map.of(),
                    0,
                    0,
                    Map.of(),
                    live.kafka().bootstrapServers(),
                    live.registry().url(),
                    schemaIds,
                    // an endless demo ends by being stopped; one with --uploads N was cut short
                    options.uploads() > 0);
        } finally {
            stopping.set(true);
            if (producerThread != null) {
                producerThread.join(10_000);
            }
        }
    }

    private DemoSummary summarize(
            DemoObserver o,
            DemoProducer producer,
            double elapsed,
            AppConfig live,
            Map<String, Integer> ids) {
        DemoSummary s =
                new DemoSummary(
                        "pipeline",
                        options.uploads(),
                        producer.produced(),
                        o.accounted(),
                        o.recordsPerTopic(),
                        elapsed,
                        o.accounted() / Math.max(elapsed, 1e-9),
                        o.latencyPercentiles(),
                        live.kafka().bootstrapServers(),
                        live.registry().url(),
                        ids,
                        options.uploads() > 0 && o.accounted() < options.uploads());
        out.printf(
                Locale.ROOT,
                "done: %d uploads accounted for (%s) in %.1f s (%.1f/s); end-to-end latency p50 %s ms, p99 %s ms%n",
                s.uploadsAccounted(),
                s.recordsPerTopic(),
                elapsed,
                s.throughputPerSecond(),
                s.latencyMs().get("p50"),
                s.latencyMs().get("p99"));
        return s;
    }
}
