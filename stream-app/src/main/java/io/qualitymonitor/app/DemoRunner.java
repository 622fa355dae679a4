package io.qualitymonitor.app;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.embedded.EmbeddedStack;
import io.qualitymonitor.schemas.ImageUpload;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the demo: starts the embedded stack, creates topics, registers schemas, produces sample
 * uploads and shows, live, each record as it comes back through the broker and the registry.
 */
public final class DemoRunner {
    private static final Logger LOG = LoggerFactory.getLogger(DemoRunner.class);

    private final AppConfig config;
    private final DemoOptions options;
    private final PrintWriter out;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile KafkaConsumer<?, ?> consumer;

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
                AppConfig live =
                        config.withEndpoints(stack.bootstrapServers(), stack.registryUrl());
                out.printf(
                        "  broker    %s (Kafka, KRaft, in this JVM)%n", stack.bootstrapServers());
                out.printf(
                        "  registry  %s (Apicurio, Confluent-compatible API)%n",
                        stack.registryUrl());
                return runOn(live);
            }
        } finally {
            finished.countDown();
        }
    }

    /** Asks a running demo to stop and waits (bounded) until it has shut everything down. */
    public void stop() {
        stopping.set(true);
        KafkaConsumer<?, ?> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private DemoSummary runOn(AppConfig live) throws InterruptedException {
        try (Wiring wiring = new Wiring(live)) {
            return runWith(wiring);
        }
    }

    private DemoSummary runWith(Wiring wiring) throws InterruptedException {
        AppConfig live = wiring.live();
        List<String> created =
                new TopicProvisioner(live.kafka().clientProperties())
                        .ensure(
                                wiring.allTopicNames(),
                                live.topics().partitions(),
                                live.topics().replicationFactor());
        out.printf("  topics    %s created%n", created);
        Map<String, Integer> schemaIds = wiring.registerSchemas();
        out.printf("  schemas   %s registered (compatibility BACKWARD)%n", schemaIds);

        SampleUploads samples = SampleUploads.fromDirectory(live.embedded().samplesDir());
        String uploadsTopic = live.topics().uploads().get(0);
        out.printf(
                "producing %s sample uploads (%d images from %s) to '%s'...%n",
                options.uploads() > 0 ? options.uploads() : "endless",
                samples.imageCount(),
                live.embedded().samplesDir(),
                uploadsTopic);

        LatencyRecorder latency = new LatencyRecorder();
        Map<String, Long> perTopic = new TreeMap<>();
        AtomicLong produced = new AtomicLong();
        long accounted = 0;
        long t0 = System.nanoTime();
        Thread producer = null;
        try (KafkaConsumer<String, ImageUpload> c =
                new KafkaConsumer<>(
                        consumerProps(live),
                        new StringDeserializer(),
                        wiring.uploadSerde().deserializer())) {
            consumer = c;
            assignAll(c, uploadsTopic);
            producer =
                    Thread.ofPlatform()
                            .name("demo-producer")
                            .start(() -> produce(wiring, samples, uploadsTopic, produced));
            while (!stopping.get() && (options.uploads() == 0 || accounted < options.uploads())) {
                for (ConsumerRecord<String, ImageUpload> r : c.poll(Duration.ofMillis(200))) {
                    accounted++;
                    perTopic.merge(r.topic(), 1L, Long::sum);
                    long ms = Duration.between(r.value().getEventTime(), Instant.now()).toMillis();
                    latency.record(ms);
                    printRoundTrip(accounted, r.value(), ms);
                }
            }
        } catch (WakeupException e) {
            LOG.debug("demo consumer woken up for shutdown");
        } finally {
            stopping.set(true);
            if (producer != null) {
                producer.join(10_000);
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        DemoSummary summary =
                new DemoSummary(
                        "round-trip",
                        options.uploads(),
                        produced.get(),
                        accounted,
                        perTopic,
                        elapsed,
                        accounted / Math.max(elapsed, 1e-9),
                        latency.percentiles(),
                        live.kafka().bootstrapServers(),
                        live.registry().url(),
                        schemaIds,
                        options.uploads() > 0 && accounted < options.uploads());
        Map<String, Long> p = summary.latencyMs();
        out.printf(
                Locale.ROOT,
                "done: %d uploads through the broker and the registry in %.1f s (%.1f/s); latency p50 %s ms, p99 %s ms%n",
                accounted,
                elapsed,
                summary.throughputPerSecond(),
                p.get("p50"),
                p.get("p99"));
        return summary;
    }

    private void produce(Wiring wiring, SampleUploads samples, String topic, AtomicLong produced) {
        Properties props = wiring.live().kafka().clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        long pauseNanos = (long) (1e9 / Math.max(options.ratePerSecond(), 0.001));
        try (KafkaProducer<String, ImageUpload> p =
                new KafkaProducer<>(
                        props, new StringSerializer(), wiring.uploadSerde().serializer())) {
            long next = System.nanoTime();
            for (long i = 0;
                    !stopping.get() && (options.uploads() == 0 || i < options.uploads());
                    i++) {
                ImageUpload u = samples.upload(i, Instant.now());
                p.send(new ProducerRecord<>(topic, u.getUploadId(), u));
                produced.incrementAndGet();
                next += pauseNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            p.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("demo producer failed: {}", e.toString());
            stopping.set(true);
        }
    }

    private void printRoundTrip(long n, ImageUpload u, long ms) {
        String file = u.getImageUri().substring(u.getImageUri().lastIndexOf('/') + 1);
        List<String> seg = new ArrayList<>();
        new TreeMap<>(u.getSegments()).forEach((k, v) -> seg.add(k + "=" + v));
        out.printf(
                "  [%5d] %s  %-22s %-55s round-trip %4d ms%n",
                n, u.getUploadId(), file, String.join(" ", seg), ms);
    }

    /**
     * Assigns every partition of {@code topic} from its beginning, without a consumer group, so the
     * observer reads at once instead of waiting for a group rebalance.
     */
    private static void assignAll(KafkaConsumer<?, ?> c, String topic) {
        List<TopicPartition> parts =
                c.partitionsFor(topic).stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition()))
                        .toList();
        c.assign(parts);
        c.seekToBeginning(parts);
    }

    private static Properties consumerProps(AppConfig live) {
        Properties props = live.kafka().clientProperties();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }
}
