package io.qualitymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.embedded.SharedStack;
import io.qualitymonitor.serde.CompatibilityLevel;
import io.qualitymonitor.serde.SchemaRegistryClient;
import io.qualitymonitor.stream.OutcomeRouter;
import io.qualitymonitor.stream.QualityTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confluent's own client code against the app: uploads written by Confluent's JavaScript Avro
 * serializer (the subject's latest version, auto-registration off) are scored, and Confluent's
 * deserializer reads the scores (read_committed); with TopicNameStrategy and RecordNameStrategy, a
 * schema id in the record header, an evolved schema and a schema with a reference. Under the levels
 * the app sets, a producer cannot register a version the app cannot read.
 */
@ExtendWith(SharedStack.class)
class SchemaRegistryInteropIntegrationTest {
    private static final Path BUNDLE = Path.of("src/test/resources/bundles/tiny-lowlevel");
    private static final Path AVSC = Path.of("../schemas/src/main/avro/ImageUpload.avsc");
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration OUTCOMES = Duration.ofMinutes(3);

    @TempDir Path images;

    private String bootstrap;

    @BeforeEach
    void requireConfluentsClient() throws Exception {
        ConfluentJsClient.require();
        Files.copy(Path.of("../samples/kodim03.jpg"), images.resolve("a.jpg"));
    }

    @Test
    void shouldScoreWhatConfluentsSerializerWritesUnderTopicNameStrategy(AppConfig shared)
            throws Exception {
        // Given the app started with --create-topics on fresh topics
        AppConfig live = IsolatedConfig.of(shared, 1, BUNDLE, Map.of());
        bootstrap = live.kafka().bootstrapServers();
        String topic = live.topics().uploads().get(0);
        String subject = topic + "-value";
        String url = live.registry().url();
        String avsc = Files.readString(AVSC, StandardCharsets.UTF_8);
        try (Wiring wiring = new Wiring(live);
                ImageServer server = new ImageServer(images)) {
            StartupChecks.prepare(live, wiring, true, START);
            SchemaRegistryClient registry = wiring.registry();

            // Then the subjects it created have the documented levels, and the published .avsc,
            // looked up by Confluent's client, is the registered version
            assertThat(registry.compatibility(subject))
                    .contains(CompatibilityLevel.FORWARD_TRANSITIVE);
            assertThat(registry.compatibility(live.topics().scores() + "-value"))
                    .contains(CompatibilityLevel.FULL_TRANSITIVE);
            JsonNode lookup =
                    ConfluentJsClient.one(
                            ConfluentJsClient.spec("lookup", url)
                                    .put("subject", subject)
                                    .put("schema", avsc));
            assertThat(lookup.path("id").asInt()).isEqualTo(registry.latest(subject).id());

            // and a version without the required imageUri is refused
            JsonNode refused =
                    ConfluentJsClient.one(
                            ConfluentJsClient.spec("register", url)
                                    .put("subject", subject)
                                    .put("schema", withoutField(avsc, "imageUri")));
            assertThat(refused.path("status").asInt()).isEqualTo(409);

            try (ScoringApp app = ScoringApp.start(live, wiring.topics())) {
                app.awaitReady(Duration.ofSeconds(60));
                String image = server.url("a.jpg");

                // When Confluent's serializer writes: two v1 records, one with the id in a header
                produce(url, topic, "topic", false, upload("v1-a", image), upload("v1-b", image));
                produce(url, topic, "topic", true, upload("v1-header", image));
                // an evolved version (an optional field added)
                register(
                        url,
                        subject,
                        withField(
                                avsc,
                                "{\"name\":\"camera\",\"type\":[\"null\",\"string\"],\"default\":null}"),
                        null);
                ObjectNode evolved = upload("v2", image);
                evolved.put("camera", "x100"); // Confluent's client writes null unions unwrapped
                produce(url, topic, "topic", false, evolved);
                // and a version referencing a schema of another subject
                String device = topic + "-device";
                register(url, device, DEVICE, null);
                ArrayNode refs = ConfluentJsClient.json().createArrayNode();
                refs.addObject()
                        .put("name", "io.example.Device")
                        .put("subject", device)
                        .put("version", 1);
                register(
                        url,
                        subject,
                        withField(
                                withField(
                                        avsc,
                                        "{\"name\":\"camera\",\"type\":[\"null\",\"string\"],\"default\":null}"),
                                "{\"name\":\"device\",\"type\":[\"null\",\"io.example.Device\"],\"default\":null}"),
                        refs);
                ObjectNode referencing = upload("v3-ref", image);
                referencing.putObject("device").put("model", "pixel");
                produce(url, topic, "topic", false, referencing);

                // Then the app scores all five and nothing is dead
                awaitOutcomes(app, 5);
                // and Confluent's deserializer reads one score for each
                List<String> scored = scoredIds(url, live.topics().scores(), 5);
                assertThat(scored)
                        .as(() -> commitState(live.topics().scores()))
                        .containsExactlyInAnyOrder("v1-a", "v1-b", "v1-header", "v2", "v3-ref");
            }

            // and a subject that exists keeps its level: the app warns instead of overriding it
            registry.setCompatibility(subject, CompatibilityLevel.BACKWARD);
            wiring.registerSchemas();
            assertThat(registry.compatibility(subject)).contains(CompatibilityLevel.BACKWARD);
            assertThat(StartupChecks.warnAboutInputCompatibility(registry, wiring.subjects()))
                    .containsExactly(subject);
        }
    }

    @Test
    void shouldScoreWhatConfluentsSerializerWritesUnderRecordNameStrategy(AppConfig shared)
            throws Exception {
        // Given the app with RecordNameStrategy, started with --create-topics
        AppConfig live =
                IsolatedConfig.of(
                        shared, 1, BUNDLE, Map.of("registry.subject.name.strategy", "record"));
        bootstrap = live.kafka().bootstrapServers();
        String topic = live.topics().uploads().get(0);
        String url = live.registry().url();
        try (Wiring wiring = new Wiring(live);
                ImageServer server = new ImageServer(images)) {
            StartupChecks.prepare(live, wiring, true, START);
            try (ScoringApp app = ScoringApp.start(live, wiring.topics())) {
                app.awaitReady(Duration.ofSeconds(60));

                // When Confluent's serializer writes under the record's name
                String image = server.url("a.jpg");
                produce(url, topic, "record", false, upload("r-a", image), upload("r-b", image));

                // Then the app scores both, and Confluent's deserializer reads both scores
                awaitOutcomes(app, 2);
                assertThat(scoredIds(url, live.topics().scores(), 2))
                        .as(() -> commitState(live.topics().scores()))
                        .containsExactlyInAnyOrder("r-a", "r-b");
            }
        }
    }

    private static final String DEVICE =
            "{\"type\":\"record\",\"name\":\"Device\",\"namespace\":\"io.example\","
                    + "\"fields\":[{\"name\":\"model\",\"type\":\"string\"}]}";

    private static ObjectNode upload(String id, String uri) {
        ObjectNode u = ConfluentJsClient.json().createObjectNode();
        u.put("uploadId", id).put("imageUri", uri);
        u.putNull("contentSha256");
        u.putNull("declaredSizeBytes");
        u.putNull("declaredMimeType");
        u.putObject("segments").put("platform", "web");
        u.put("eventTime", System.currentTimeMillis());
        return u;
    }

    private void produce(
            String url, String topic, String strategy, boolean header, ObjectNode... records)
            throws Exception {
        ObjectNode spec =
                ConfluentJsClient.spec("produce", url)
                        .put("bootstrap", bootstrap)
                        .put("topic", topic)
                        .put("strategy", strategy)
                        .put("recordName", "io.qualitymonitor.schemas.ImageUpload")
                        .put("header", header);
        ArrayNode list = spec.putArray("records");
        for (ObjectNode r : records) {
            list.add(r);
        }
        assertThat(ConfluentJsClient.one(spec).path("sent").asInt()).isEqualTo(records.length);
    }

    private static void register(String url, String subject, String schema, ArrayNode refs)
            throws Exception {
        ObjectNode spec =
                ConfluentJsClient.spec("register", url)
                        .put("subject", subject)
                        .put("schema", schema);
        if (refs != null) {
            spec.set("references", refs);
        }
        JsonNode answer = ConfluentJsClient.one(spec);
        assertThat(answer.has("id")).as("registered %s: %s", subject, answer).isTrue();
    }

    /**
     * Waits until the app has forwarded {@code count} outcomes, and checks that none is a dead
     * letter: a slow machine or a failed fetch shows as the app's counts and reasons, not as a
     * short read by the consumer.
     */
    private static void awaitOutcomes(ScoringApp app, int count) {
        await().atMost(OUTCOMES)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(
                        () -> {
                            long scores = app.forwarded(QualityTopology.SCORES_SINK);
                            long dead = app.forwarded(QualityTopology.DEAD_LETTERS_SINK);
                            assertThat(scores + dead)
                                    .as("outcomes: %d scores, dead letters %s", scores, dead(app))
                                    .isGreaterThanOrEqualTo(count);
                        });
        assertThat(app.forwarded(QualityTopology.DEAD_LETTERS_SINK))
                .as("dead letters %s", dead(app))
                .isZero();
    }

    /** Returns the app's dead letters by reason code (the reasons that occurred). */
    private static Map<String, Double> dead(ScoringApp app) {
        Map<String, Double> byReason = new TreeMap<>();
        app.meters()
                .find(OutcomeRouter.DEAD_LETTERS)
                .counters()
                .forEach(
                        c -> {
                            if (c.count() > 0) {
                                byReason.put(c.getId().getTag("reason"), c.count());
                            }
                        });
        return byReason;
    }

    private List<String> scoredIds(String url, String topic, int count) throws Exception {
        ObjectNode spec =
                ConfluentJsClient.spec("consume", url)
                        .put("bootstrap", bootstrap)
                        .put("topic", topic)
                        .put("count", count)
                        .put("timeoutMs", 90_000);
        return ConfluentJsClient.run(spec).stream()
                .map(l -> l.path("value").path("uploadId").asText())
                .toList();
    }

    /**
     * Describes how far {@code topic}'s scores were committed: the read_committed end offset (the
     * last stable offset) stops below the log end while a transaction is open.
     */
    private String commitState(String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            return topic
                    + ": committed end "
                    + endOffsets(admin, topic, IsolationLevel.READ_COMMITTED)
                    + ", log end "
                    + endOffsets(admin, topic, IsolationLevel.READ_UNCOMMITTED);
        } catch (Exception e) {
            return topic + ": end offsets unknown (" + e + ")";
        }
    }

    /** Returns {@code topic}'s end offset by partition, as a consumer at {@code level} sees it. */
    private static Map<Integer, Long> endOffsets(Admin admin, String topic, IsolationLevel level)
            throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartitionInfo p :
                admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get()
                        .get(topic)
                        .partitions()) {
            latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
        }
        Map<Integer, Long> ends = new TreeMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(level))
                .all()
                .get()
                .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
        return ends;
    }

    /** Returns the schema with {@code field} (JSON) appended to its fields. */
    private static String withField(String avsc, String field) throws Exception {
        ObjectNode schema = (ObjectNode) ConfluentJsClient.json().readTree(avsc);
        ((ArrayNode) schema.get("fields")).add(ConfluentJsClient.json().readTree(field));
        return schema.toString();
    }

    /** Returns the schema without the field named {@code name}. */
    private static String withoutField(String avsc, String name) throws Exception {
        ObjectNode schema = (ObjectNode) ConfluentJsClient.json().readTree(avsc);
        ArrayNode fields = (ArrayNode) schema.get("fields");
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).path("name").asText().equals(name)) {
                fields.remove(i);
                break;
            }
        }
        return schema.toString();
    }
}
