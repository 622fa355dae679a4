package io.qualitymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.embedded.SharedStack;
import io.qualitymonitor.schemas.DeadLetter;
import io.qualitymonitor.schemas.DeadLetterReason;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.schemas.QualityAlert;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.stream.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on the real broker and registry, exactly-once: every upload ends in exactly
 * one score or one dead letter (read_committed), alerts for the low ones, and two instances share
 * the partitions.
 */
@ExtendWith(SharedStack.class)
class ScoringAppIntegrationTest {
    private static final Path BUNDLE = Path.of("src/test/resources/bundles/tiny-lowlevel");

    @TempDir Path images;

    /** Returns a fresh configuration (own topics, own application id) on the shared stack. */
    private AppConfig isolated(AppConfig shared, int partitions) {
        return IsolatedConfig.of(
                shared,
                partitions,
                BUNDLE,
                Map.of(
                        "fetch.max.retries", "0",
                        "alerts.threshold", "-1",
                        "alerts.threshold.platform.android", "101"));
    }

    @Test
    void shouldAccountForEveryUploadExactlyOnce(AppConfig shared) throws Exception {
        // Given the pipeline on fresh topics and images served on loopback
        AppConfig live = isolated(shared, 3);
        copySamples();
        Files.writeString(images.resolve("notes.txt"), "not an image", StandardCharsets.UTF_8);
        try (Wiring wiring = new Wiring(live);
                ImageServer server = new ImageServer(images)) {
            provision(wiring);
            try (ScoringApp pipeline = ScoringApp.start(live, wiring.topics())) {
                pipeline.awaitReady(Duration.ofSeconds(60));
                // (it warmed up every batch shape once, before it joined the group)
                assertThat(pipeline.warmUp().batchSizes()).isNotEmpty().startsWith(1);
                assertThat(pipeline.meters().timer(ScoringApp.WARM_UP).count()).isEqualTo(1);

                // When 30 good uploads and 5 bad ones (of 5 kinds) are produced
                Map<String, DeadLetterReason> expectedDead = new HashMap<>();
                List<ImageUpload> good = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    String platform = i % 3 == 0 ? "android" : "ios";
                    good.add(upload("g" + i, server.url("s" + (i % 4) + ".jpg"), platform));
                }
                List<ImageUpload> bad =
                        List.of(
                                upload("b-notimage", server.url("notes.txt"), "ios"),
                                upload("b-404", server.url("missing.jpg"), "ios"),
                                upload("b-metadata", "http://169.254.169.254/latest/", "ios"),
                                upload("b-scheme", "gopher://example.com/x", "ios"));
                expectedDead.put("b-notimage", DeadLetterReason.NOT_AN_IMAGE);
                expectedDead.put("b-404", DeadLetterReason.FETCH_FAILED);
                expectedDead.put("b-metadata", DeadLetterReason.BLOCKED_ADDRESS);
                expectedDead.put("b-scheme", DeadLetterReason.UNSUPPORTED_SCHEME);
                produce(live, wiring.topics(), good, bad, true);

                // Then 35 outcomes arrive: 30 scores, 5 dead letters, each upload exactly once
                Outcomes o = collect(live, wiring.topics(), 35, Duration.ofSeconds(120));
                assertThat(o.scoreIds).hasSize(30).doesNotHaveDuplicates();
                assertThat(o.scoreIds)
                        .containsExactlyInAnyOrderElementsOf(
                                good.stream().map(ImageUpload::getUploadId).toList());
                assertThat(o.dead).hasSize(5);
                assertThat(o.deadById).containsAllEntriesOf(expectedDead);
                assertThat(o.deadById).containsEntry("null", DeadLetterReason.BAD_RECORD);
                // and an alert for every android upload (their threshold is above any score)
                assertThat(o.alertIds)
                        .containsExactlyInAnyOrderElementsOf(
                                good.stream()
                                        .filter(
                                                u ->
                                                        u.getSegments()
                                                                .get("platform")
                                                                .equals("android"))
                                        .map(ImageUpload::getUploadId)
                                        .toList());
            }
        }
    }

    @Test
    void shouldShareTheWorkBetweenTwoInstances(AppConfig shared) throws Exception {
        // Given two instances of one application on a 4-partition topic
        AppConfig live = isolated(shared, 4);
        copySamples();
        try (Wiring wiring = new Wiring(live);
                ImageServer server = new ImageServer(images)) {
            provision(wiring);
            try (ScoringApp first = ScoringApp.start(live, wiring.topics());
                    ScoringApp second = ScoringApp.start(live, wiring.topics())) {
                first.awaitReady(Duration.ofSeconds(90));
                second.awaitReady(Duration.ofSeconds(90));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                String in = live.topics().uploads().get(0);
                while ((first.activePartitions(in) == 0 || second.activePartitions(in) == 0)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }

                // When 40 uploads are produced
                List<ImageUpload> uploads = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    uploads.add(upload("u" + i, server.url("s" + (i % 4) + ".jpg"), "ios"));
                }
                produce(live, wiring.topics(), uploads, List.of(), false);

                // Then both instances hold partitions and every upload is scored exactly once
                assertThat(first.activePartitions(in)).isPositive();
                assertThat(second.activePartitions(in)).isPositive();
                assertThat(first.activePartitions(in) + second.activePartitions(in)).isEqualTo(4);
                Outcomes o = collect(live, wiring.topics(), 40, Duration.ofSeconds(120));
                assertThat(o.scoreIds).hasSize(40).doesNotHaveDuplicates();
                assertThat(o.dead).isEmpty();
            }
        }
    }

    private void copySamples() throws Exception {
        Path samples = Path.of("..", "samples").toAbsolutePath().normalize();
        List<String> names =
                List.of("kodim01.jpg", "kodim03.jpg", "kodim14-blocky.jpg", "kodim20.jpg");
        for (int i = 0; i < names.size(); i++) {
            Files.copy(samples.resolve(names.get(i)), images.resolve("s" + i + ".jpg"));
        }
    }

    private static void provision(Wiring wiring) {
        wiring.provisionTopics();
        wiring.registerSchemas();
    }

    private static ImageUpload upload(String id, String uri, String platform) {
        return ImageUpload.newBuilder()
                .setUploadId(id)
                .setImageUri(uri)
                .setSegments(Map.of("platform", platform))
                .setEventTime(Instant.now())
                .build();
    }

    private static void produce(
            AppConfig live,
            Topics topics,
            List<ImageUpload> ok,
            List<ImageUpload> bad,
            boolean garbage) {
        UploadProducer.send(
                live, topics, concat(ok, bad), garbage ? new byte[] {0, 0, 0, 0, 99, 1, 2} : null);
    }

    private static List<ImageUpload> concat(List<ImageUpload> a, List<ImageUpload> b) {
        List<ImageUpload> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** What arrived on the output topics, read committed. */
    private static final class Outcomes {
        final List<String> scoreIds = new ArrayList<>();
        final List<String> alertIds = new ArrayList<>();
        final List<DeadLetter> dead = new ArrayList<>();
        final Map<String, DeadLetterReason> deadById = new HashMap<>();
    }

    private static Outcomes collect(AppConfig live, Topics topics, int expected, Duration timeout) {
        Properties props = live.kafka().clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Outcomes o = new Outcomes();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics.outputNames()) {
                c.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (o.scoreIds.size() + o.dead.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(250)).forEach(r -> add(o, topics, r));
            }
            // read a little longer: a duplicate would show up behind the expected records
            long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < settle) {
                c.poll(Duration.ofMillis(250)).forEach(r -> add(o, topics, r));
            }
        }
        return o;
    }

    private static void add(Outcomes o, Topics topics, ConsumerRecord<byte[], byte[]> r) {
        String t = r.topic();
        if (t.equals(topics.scores().name())) {
            QualityScore s = topics.scores().valueSerde().deserializer().deserialize(t, r.value());
            o.scoreIds.add(s.getUploadId());
        } else if (t.equals(topics.deadLetters().name())) {
            DeadLetter d =
                    topics.deadLetters().valueSerde().deserializer().deserialize(t, r.value());
            o.dead.add(d);
            o.deadById.put(String.valueOf(d.getUploadId()), d.getReason());
        } else if (t.equals(topics.alerts().name())) {
            QualityAlert a = topics.alerts().valueSerde().deserializer().deserialize(t, r.value());
            o.alertIds.add(a.getUploadId());
        }
    }
}
