package io.qualitymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.embedded.SharedStack;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.serde.AvroSerdes;
import io.qualitymonitor.serde.RegistryOutage;
import io.qualitymonitor.serde.SchemaRegistryClient;
import io.qualitymonitor.stream.QualityTopology;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A Schema Registry outage while an upload needs a schema the app has not seen: readiness goes down
 * within 30 s, comes back within 30 s of the registry's return, the upload is scored exactly once
 * (read_committed), and the log holds WARN lines but no stack trace.
 */
@ExtendWith(SharedStack.class)
class RegistryOutageIntegrationTest {
    private static final Path BUNDLE = Path.of("src/test/resources/bundles/tiny-lowlevel");
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir Path images;

    @Test
    void shouldWaitThroughAnOutageAndScoreEachUploadOnce(AppConfig shared) throws Exception {
        // Given the app reaching the registry through a connection the test can cut
        Files.copy(Path.of("../samples/kodim03.jpg"), images.resolve("a.jpg"));
        URI real = URI.create(shared.registry().url());
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        try (TcpCutter cutter = new TcpCutter(real.getHost(), real.getPort());
                ImageServer server = new ImageServer(images)) {
            String viaCutter = "http://127.0.0.1:" + cutter.port() + real.getRawPath();
            AppConfig live =
                    IsolatedConfig.of(
                            shared,
                            1,
                            BUNDLE,
                            Map.of(
                                    "fetch.max.retries", "0",
                                    "registry.url", viaCutter,
                                    "registry.outage.retry.interval.ms", "2000"));
            String topic = live.topics().uploads().get(0);
            try (Wiring wiring = new Wiring(live);
                    SchemaRegistryClient producerRegistry =
                            new SchemaRegistryClient(shared.registry())) {
                StartupChecks.prepare(live, wiring, true, LIMIT);
                try (ScoringApp app = ScoringApp.start(live, wiring.topics())) {
                    app.awaitReady(Duration.ofSeconds(60));
                    // a producer's evolved version, registered before the outage, unseen by the app
                    byte[] v1 = v1(live, producerRegistry, topic, server.url("a.jpg"));
                    byte[] v2 = v2(live, producerRegistry, topic, server.url("a.jpg"));
                    log.start();
                    root.addAppender(log);
                    try {
                        // When the registry becomes unreachable and both uploads arrive
                        cutter.cut();
                        send(live, topic, "evolved", v2);
                        send(live, topic, "known", v1);

                        // Then readiness goes down within 30 s
                        assertThat(within(LIMIT, () -> !app.isReady())).isTrue();
                        Thread.sleep(5000);
                        assertThat(app.forwarded(QualityTopology.SCORES_SINK)).isZero();

                        // and comes back within 30 s of the registry's return
                        cutter.restore();
                        assertThat(within(LIMIT, app::isReady)).isTrue();

                        // and each upload is scored exactly once, none dead-lettered
                        assertThat(scores(live, 2, Duration.ofSeconds(60)))
                                .containsExactlyInAnyOrder("evolved", "known");
                        assertThat(app.forwarded(QualityTopology.DEAD_LETTERS_SINK)).isZero();
                    } finally {
                        root.detachAppender(log);
                    }
                }
            }
        }
        // and the log holds the outage as WARN lines, without a stack trace
        List<ILoggingEvent> events = List.copyOf(log.list);
        assertThat(events)
                .anyMatch(
                        e ->
                                e.getLevel() == Level.WARN
                                        && e.getLoggerName()
                                                .equals(RegistryOutage.class.getName()));
        assertThat(
                        events.stream()
                                .filter(e -> e.getThrowableProxy() != null)
                                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()))
                .isEmpty();
    }

    private static byte[] v1(
            AppConfig live, SchemaRegistryClient registry, String topic, String uri) {
        ImageUpload u =
                ImageUpload.newBuilder()
                        .setUploadId("known")
                        .setImageUri(uri)
                        .setEventTime(java.time.Instant.now())
                        .build();
        return AvroSerdes.forClass(ImageUpload.class, registry, live.registry(), false)
                .serializer()
                .serialize(topic, u);
    }

    private static byte[] v2(
            AppConfig live, SchemaRegistryClient registry, String topic, String uri) {
        String json = ImageUpload.getClassSchema().toString();
        String evolved =
                json.substring(0, json.length() - 2)
                        + ",{\"name\":\"camera\",\"type\":[\"null\",\"string\"],\"default\":null}]}";
        Schema schema = new Schema.Parser().parse(evolved);
        GenericRecord r = new GenericData.Record(schema);
        r.put("uploadId", "evolved");
        r.put("imageUri", uri);
        r.put("segments", Map.of());
        r.put("eventTime", System.currentTimeMillis());
        r.put("camera", "x100");
        return AvroSerdes.generic(registry, live.registry(), false)
                .serializer()
                .serialize(topic, r);
    }

    private static void send(AppConfig live, String topic, String key, byte[] value) {
        try (KafkaProducer<byte[], byte[]> p =
                new KafkaProducer<>(
                        live.kafka().clientProperties(),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
            p.flush();
        }
    }

    private static boolean within(Duration limit, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    /** Returns the upload ids of the committed scores, reading until {@code count} plus 3 s. */
    private static List<String> scores(AppConfig live, int count, Duration timeout) {
        var props = live.kafka().clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "outage-check-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> ids = new ArrayList<>();
        try (Wiring wiring = new Wiring(live);
                KafkaConsumer<byte[], byte[]> c =
                        new KafkaConsumer<>(
                                props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var scores = wiring.topics().scores();
            c.subscribe(List.of(scores.name()));
            long deadline = System.nanoTime() + timeout.toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    QualityScore s =
                            scores.valueSerde()
                                    .deserializer()
                                    .deserialize(scores.name(), r.value());
                    ids.add(s.getUploadId());
                }
                if (ids.size() >= count && settle == Long.MAX_VALUE) {
                    settle = System.nanoTime() + Duration.ofSeconds(3).toNanos(); // duplicates?
                }
            }
        }
        return ids;
    }
}
