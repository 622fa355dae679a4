package io.qualitymonitor.tools.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qualitymonitor.app.Wiring;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.embedded.SharedStack;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.tools.UsageException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Reading the sides of a comparison from a real scores topic (broker and registry). */
@ExtendWith(SharedStack.class)
class ScoreRunsIntegrationTest {

    @Test
    void shouldTellTheSidesByRunIdKeepTheLastScoreAndSkipAForeignRecord(AppConfig stack) {
        // Given a scores topic with live scores (u1 scored twice), a replay run's, and a record
        // that is not a score
        String p = "runs" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
        settings.put("registry.url", stack.registry().url());
        for (String t :
                List.of("uploads", "scores", "alerts", "drift", "dead.letters", "baselines")) {
            settings.put("topics." + t, p + t.replace('.', '-'));
        }
        settings.put("topics.partitions", "1");
        AppConfig cfg = ConfigLoader.fromProcess().load(null, settings);
        String topic = cfg.topics().scores();
        try (Wiring wiring = new Wiring(cfg)) {
            wiring.provisionTopics();
            wiring.registerSchemas();
            var serializer = wiring.topics().scores().valueSerde().serializer();
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(
                            cfg.kafka().clientProperties(),
                            new StringSerializer(),
                            new ByteArraySerializer())) {
                for (QualityScore s :
                        List.of(
                                score("u1", 40, null, "1"),
                                score("u2", 50, null, "1"),
                                score("u1", 60, "r", "2"),
                                score("u1", 45, null, "1"),
                                score("u2", 70, "r", "2"))) {
                    producer.send(
                            new ProducerRecord<>(
                                    topic, s.getUploadId(), serializer.serialize(topic, s)));
                }
                producer.send(
                        new ProducerRecord<>(
                                topic, "x", "not a score".getBytes(StandardCharsets.UTF_8)));
                producer.flush();
            }

            // When the live side and run r are read
            ScoreRuns runs =
                    new ScoreRuns(
                            cfg.kafka().clientProperties(),
                            wiring.topics().scores().valueSerde().deserializer());
            List<SideScores> sides = runs.read(List.of(Side.live(), Side.run("r")), List.of(topic));

            // Then each side holds its own scores, the live u1 with its last one
            assertThat(sides.get(0).byUpload())
                    .isEqualTo(
                            Map.of(
                                    "u1", new ScoredUpload(45, Map.of("platform", "ios")),
                                    "u2", new ScoredUpload(50, Map.of("platform", "ios"))));
            assertThat(sides.get(0).models()).containsExactly("qm 1");
            assertThat(sides.get(1).byUpload()).containsOnlyKeys("u1", "u2");
            assertThat(sides.get(1).byUpload().get("u1").score()).isEqualTo(60);
            assertThat(sides.get(1).models()).containsExactly("qm 2");

            // and a run with no score there is refused, naming the runs the topic holds
            assertThatThrownBy(() -> runs.read(List.of(Side.run("x")), List.of(topic)))
                    .isInstanceOf(UsageException.class)
                    .hasMessage(
                            "no scores of replay run 'x' on '" + topic + "'; replay runs there: r");
        }
    }

    private static QualityScore score(String id, double score, String runId, String version) {
        Instant now = Instant.now();
        return QualityScore.newBuilder()
                .setUploadId(id)
                .setImageUri("file:///" + id + ".jpg")
                .setScore(score)
                .setModelName("qm")
                .setModelVersion(version)
                .setFetchMs(0)
                .setDecodeMs(0)
                .setInferenceMs(0)
                .setSegments(Map.of("platform", "ios"))
                .setEventTime(now)
                .setScoredTime(now)
                .setReplayRunId(runId)
                .build();
    }
}
