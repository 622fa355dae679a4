package io.qualitymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.embedded.SharedStack;
import io.qualitymonitor.image.DecodeLimits;
import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.image.ImageDecoder;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.model.TestBundles;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.stream.QualityTopology;
import io.qualitymonitor.stream.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Switching the live model of two running instances through the control topic, on the real broker
 * and registry, exactly-once: 300 uploads, a promotion (or a rollback) in the middle, and every
 * upload scored exactly once, each score by the bundle whose version it names.
 */
@ExtendWith(SharedStack.class)
class ModelSwitchIntegrationTest {
    private static final int UPLOADS = 300;
    private static final String A = "it-a";
    private static final String B = "it-b";

    @TempDir Path tmp;
    private Path images;
    private Path bundleA;
    private Path bundleB;

    @BeforeEach
    void bundlesAndImages() throws Exception {
        // two small bundles that score differently, under versions of their own
        bundleA = withVersion(TestBundles.LOWLEVEL, tmp.resolve("a"), A);
        bundleB = withVersion(TestBundles.LIT, tmp.resolve("b"), B);
        images = Files.createDirectories(tmp.resolve("images"));
        Path samples = Path.of("..", "samples").toAbsolutePath().normalize();
        List<String> names = List.of("kodim01.jpg", "kodim03.jpg", "kodim14-blocky.jpg");
        for (int i = 0; i < names.size(); i++) {
            Files.copy(samples.resolve(names.get(i)), images.resolve("s" + i + ".jpg"));
        }
    }

    @Test
    void shouldScoreEveryUploadOnceWithThePromotedModelAfterThePromotion(AppConfig shared)
            throws Exception {
        // Given two instances of one application scoring with bundle A
        AppConfig live = IsolatedConfig.of(shared, 4, bundleA, Map.of("fetch.max.retries", "0"));
        try (Wiring wiring = wired(live)) {
            // When B is promoted mid-stream (a repeated promotion writes nothing, so that a
            // rollback still returns to A)
            switchMidStream(
                    live,
                    wiring,
                    A,
                    B,
                    control -> {
                        ModelSelection s = control.promote(bundleB).selection();
                        assertThat(s.previousVersion()).isEqualTo(A);
                        assertThat(control.promote(bundleB).written()).isFalse();
                        return s;
                    });
            // Then an instance started later begins with the promoted bundle
            try (ScoringApp restarted = ScoringApp.start(live, wiring.topics())) {
                assertThat(runs(restarted, B)).isTrue();
            }
        }
    }

    @Test
    void shouldScoreEveryUploadOnceWithThePreviousModelAfterARollback(AppConfig shared)
            throws Exception {
        // Given two instances of one application that runs B, promoted over A before they start
        AppConfig live = IsolatedConfig.of(shared, 4, bundleA, Map.of("fetch.max.retries", "0"));
        try (Wiring wiring = wired(live)) {
            new ModelControlService(live).promote(bundleB);
            // When the promotion is rolled back mid-stream (a repeated rollback writes nothing:
            // it would promote B again)
            switchMidStream(
                    live,
                    wiring,
                    B,
                    A,
                    control -> {
                        ModelSelection s = control.rollback().selection();
                        assertThat(control.rollback().written()).isFalse();
                        return s;
                    });
        }
    }

    /**
     * Starts two instances (both must run {@code from}), produces half the uploads, switches with
     * {@code change} once 50 are scored, produces the other half once both run {@code to}, and
     * checks that every upload was scored exactly once by the version its score names.
     */
    private void switchMidStream(
            AppConfig live,
            Wiring wiring,
            String from,
            String to,
            Function<ModelControlService, ModelSelection> change)
            throws Exception {
        try (ImageServer server = new ImageServer(images);
                ScoringApp first = ScoringApp.start(live, wiring.topics());
                ScoringApp second = ScoringApp.start(live, wiring.topics())) {
            assertThat(runs(first, from) && runs(second, from)).isTrue();
            awaitSharing(live, first, second);
            produce(live, wiring.topics(), server, 0, UPLOADS / 2);
            await(() -> scored(first, second) >= 50, "50 scores before the switch");
            assertThat(change.apply(new ModelControlService(live)).version()).isEqualTo(to);
            await(() -> runs(first, to) && runs(second, to), "both instances on " + to);
            produce(live, wiring.topics(), server, UPLOADS / 2, UPLOADS);

            Map<String, QualityScore> scores = collect(live, wiring.topics());
            assertScoredOnceByTheirVersion(scores);
            assertThat(versionsOf(scores, 0, UPLOADS / 2)).contains(from);
            assertThat(versionsOf(scores, UPLOADS / 2, UPLOADS)).containsOnly(to);
        }
    }

    private static Wiring wired(AppConfig live) {
        Wiring wiring = new Wiring(live);
        wiring.provisionTopics();
        wiring.registerSchemas();
        return wiring;
    }

    private void assertScoredOnceByTheirVersion(Map<String, QualityScore> scores) throws Exception {
        assertThat(scores).hasSize(UPLOADS);
        Map<String, double[]> offline = offlineScores();
        assertThat(offline.get(A)[0]).isNotCloseTo(offline.get(B)[0], within(1e-2));
        for (int i = 0; i < UPLOADS; i++) {
            QualityScore s = scores.get("u" + i);
            assertThat(s).as("score of u%d", i).isNotNull();
            assertThat(s.getModelVersion()).isIn(A, B);
            assertThat(s.getScore())
                    .as("u%d scored by %s", i, s.getModelVersion())
                    .isCloseTo(offline.get(s.getModelVersion())[i % 3], within(1e-3));
        }
    }

    /** Returns each version's score of each image, scored offline by its bundle. */
    private Map<String, double[]> offlineScores() throws Exception {
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT);
        List<DecodedImage> decoded = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            decoded.add(decoder.decode(Files.readAllBytes(images.resolve("s" + i + ".jpg"))));
        }
        Map<String, double[]> out = new HashMap<>();
        for (Path bundle : List.of(bundleA, bundleB)) {
            try (Scorer scorer = Scorer.open(bundle, TestBundles.cpu(bundle, 1))) {
                out.put(
                        scorer.bundle().manifest().version(),
                        scorer.score(decoded).stream().mapToDouble(r -> r.score()).toArray());
            }
        }
        return out;
    }

    private static List<String> versionsOf(Map<String, QualityScore> scores, int from, int to) {
        List<String> v = new ArrayList<>();
        for (int i = from; i < to; i++) {
            v.add(scores.get("u" + i).getModelVersion());
        }
        return v;
    }

    private static boolean runs(ScoringApp app, String version) {
        return app.scorer().bundle().manifest().version().equals(version);
    }

    private static long scored(ScoringApp first, ScoringApp second) {
        return first.forwarded(QualityTopology.SCORES_SINK)
                + second.forwarded(QualityTopology.SCORES_SINK);
    }

    private static void awaitSharing(AppConfig live, ScoringApp first, ScoringApp second)
            throws Exception {
        first.awaitReady(Duration.ofSeconds(90));
        second.awaitReady(Duration.ofSeconds(90));
        String in = live.topics().uploads().get(0);
        await(
                () -> first.activePartitions(in) > 0 && second.activePartitions(in) > 0,
                "both instances holding partitions");
    }

    private static void await(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static void produce(
            AppConfig live, Topics topics, ImageServer server, int from, int to) {
        List<ImageUpload> uploads = new ArrayList<>();
        for (int i = from; i < to; i++) {
            uploads.add(
                    ImageUpload.newBuilder()
                            .setUploadId("u" + i)
                            .setImageUri(server.url("s" + (i % 3) + ".jpg"))
                            .setSegments(Map.of("platform", i % 2 == 0 ? "ios" : "android"))
                            .setEventTime(Instant.now())
                            .build());
        }
        UploadProducer.send(live, topics, uploads);
    }

    /** Returns the committed scores by upload id; fails on a duplicate or a dead letter. */
    private static Map<String, QualityScore> collect(AppConfig live, Topics topics) {
        Properties props = live.kafka().clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, QualityScore> scores = new HashMap<>();
        List<String> dead = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(topics.scores().name(), topics.deadLetters().name())) {
                c.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (var r : c.poll(Duration.ofMillis(250))) {
                    if (r.topic().equals(topics.deadLetters().name())) {
                        dead.add(r.topic());
                        continue;
                    }
                    QualityScore s =
                            topics.scores()
                                    .valueSerde()
                                    .deserializer()
                                    .deserialize(r.topic(), r.value());
                    assertThat(scores.put(s.getUploadId(), s))
                            .as("second score of %s", s.getUploadId())
                            .isNull();
                }
                if (scores.size() + dead.size() >= UPLOADS && settle == Long.MAX_VALUE) {
                    // read a little longer: a duplicate would show up behind the expected records
                    settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        assertThat(dead).as("dead letters").isEmpty();
        return scores;
    }

    private static Path withVersion(Path bundle, Path dst, String version) throws Exception {
        TestBundles.copy(bundle, dst);
        ObjectMapper json = new ObjectMapper();
        ObjectNode doc = (ObjectNode) json.readTree(dst.resolve("bundle.json").toFile());
        doc.put("version", version);
        json.writeValue(dst.resolve("bundle.json").toFile(), doc);
        return dst;
    }
}
