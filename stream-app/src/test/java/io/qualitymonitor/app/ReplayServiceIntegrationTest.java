package io.qualitymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.embedded.SharedStack;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.stream.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Replays ranges of an upload topic on the real broker and registry with the tiny model. */
@ExtendWith(SharedStack.class)
class ReplayServiceIntegrationTest {
    @TempDir Path images;

    @BeforeEach
    void copyImage() throws IOException {
        Files.copy(Path.of("..", "samples", "kodim01.jpg"), images.resolve("a.jpg"));
    }

    // fresh topic names and application id on the shared broker, with the tiny model
    private static AppConfig isolated(AppConfig shared) {
        return IsolatedConfig.of(
                shared, 2, Path.of("src/test/resources/bundles/tiny-lowlevel"), Map.of());
    }

    @Test
    void shouldRescoreExactlyTheRecordsOfTheRangeWithTheRunIdInEveryScore(AppConfig shared)
            throws Exception {
        // Given an upload topic with 4 old uploads, then a moment, then 3 newer ones
        AppConfig base = isolated(shared);
        Instant middle;
        try (ImageServer server = new ImageServer(images);
                Wiring wiring = new Wiring(base)) {
            wiring.provisionTopics();
            wiring.registerSchemas();
            produce(base, wiring.topics(), "old", 4, server.url("a.jpg"));
            Thread.sleep(50);
            middle = Instant.now();
            Thread.sleep(50);
            produce(base, wiring.topics(), "new", 3, server.url("a.jpg"));

            // When the range from that moment is replayed
            ReplayService.Summary recent = replay(base, "run1", middle);

            // Then exactly the 3 newer uploads are re-scored, each score carrying the run id
            assertThat(recent.records()).isEqualTo(3);
            assertThat(recent.scores()).isEqualTo(3);
            List<QualityScore> scores = readScores(base, wiring.topics(), 3);
            assertThat(scores)
                    .extracting(QualityScore::getUploadId)
                    .containsExactlyInAnyOrder("new-0", "new-1", "new-2");
            assertThat(scores).allMatch(s -> "run1".equals(s.getReplayRunId()));

            // and a replay of the whole topic under another id re-scores all 7
            ReplayService.Summary all = replay(base, "run2", null);
            assertThat(all.records()).isEqualTo(7);
            assertThat(all.scores() + all.deadLetters()).isEqualTo(7);
            assertThat(readScores(base, wiring.topics(), 10))
                    .filteredOn(s -> "run2".equals(s.getReplayRunId()))
                    .hasSize(7);
        }
    }

    @Test
    void shouldStopWhenAskedSayHowFarItGotAndGoOnFromThereWithTheSameRunId(AppConfig shared)
            throws Exception {
        // Given an upload topic with 6 uploads
        AppConfig base = isolated(shared);
        try (ImageServer server = new ImageServer(images);
                Wiring wiring = new Wiring(base)) {
            wiring.provisionTopics();
            wiring.registerSchemas();
            produce(base, wiring.topics(), "u", 6, server.url("a.jpg"));

            // When a replay is asked to stop (as a stop signal does) as soon as it has its range
            AppConfig cfg =
                    IsolatedConfig.with(
                            base,
                            Map.of(
                                    "kafka.application.id",
                                    ReplayService.applicationId(base, "cut")));
            ReplayService first = service(cfg, "cut");
            ReplayService.Summary stopped =
                    first.run(progress(() -> Thread.ofPlatform().start(first::stop)));

            // Then it ends early and says so, with how many records it had committed
            assertThat(stopped.stopped()).isTrue();
            assertThat(stopped.records()).isEqualTo(6);
            assertThat(stopped.committed()).isBetween(0L, 5L);

            // and started again with the same run id it finishes the range
            ReplayService.Summary rest = service(cfg, "cut").run(progress(() -> {}));
            assertThat(rest.stopped()).isFalse();
            assertThat(rest.committed()).isEqualTo(6);
            assertThat(
                            readScores(base, wiring.topics(), 6).stream()
                                    .filter(s -> "cut".equals(s.getReplayRunId()))
                                    .map(QualityScore::getUploadId)
                                    .distinct())
                    .hasSize(6);
        }
    }

    @Test
    void shouldNameTheMissingTopicsInsteadOfReplayingNothing(AppConfig shared) {
        // Given a configuration whose topics were never created
        AppConfig base = isolated(shared);
        // When a replay runs without --create-topics
        // Then it stops with one line naming the upload topic, and publishes nothing
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> replay(base, "run3", null))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining(base.topics().uploads().get(0));
    }

    private static ReplayService.Summary replay(AppConfig base, String runId, Instant from)
            throws InterruptedException {
        AppConfig cfg =
                IsolatedConfig.with(
                        base,
                        Map.of("kafka.application.id", ReplayService.applicationId(base, runId)));
        return new ReplayService(
                        cfg,
                        new ReplayService.Options(runId, from, null, false, Duration.ofMinutes(3)))
                .run(progress(() -> {}));
    }

    private static ReplayService service(AppConfig cfg, String runId) {
        return new ReplayService(
                cfg, new ReplayService.Options(runId, null, null, false, Duration.ofMinutes(3)));
    }

    private static ReplayService.Progress progress(Runnable onPlanned) {
        return new ReplayService.Progress() {
            @Override
            public void planned(long records) {
                onPlanned.run();
            }

            @Override
            public void done(long records) {}
        };
    }

    private static void produce(AppConfig cfg, Topics topics, String prefix, int n, String url) {
        String topic = cfg.topics().uploads().get(0);
        try (KafkaProducer<String, ImageUpload> producer =
                new KafkaProducer<>(
                        cfg.kafka().clientProperties(),
                        new StringSerializer(),
                        topics.uploadSerde().serializer())) {
            for (int i = 0; i < n; i++) {
                ImageUpload u =
                        ImageUpload.newBuilder()
                                .setUploadId(prefix + "-" + i)
                                .setImageUri(url)
                                .setSegments(Map.of("platform", "ios"))
                                .setEventTime(Instant.now())
                                .build();
                producer.send(new ProducerRecord<>(topic, u.getUploadId(), u));
            }
            producer.flush();
        }
    }

    private static List<QualityScore> readScores(AppConfig cfg, Topics topics, int atLeast) {
        Properties props = cfg.kafka().clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<QualityScore> out = new ArrayList<>();
        String t = topics.scores().name();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts =
                    c.partitionsFor(t).stream()
                            .map(i -> new TopicPartition(t, i.partition()))
                            .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200))
                        .forEach(
                                r ->
                                        out.add(
                                                topics.scores()
                                                        .valueSerde()
                                                        .deserializer()
                                                        .deserialize(t, r.value())));
            }
        }
        return out;
    }
}
