package io.qualitymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.image.DecodeLimits;
import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.image.ImageDecoder;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.model.TestBundles;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.schemas.QualityScore;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Returns the pieces of the model switch and shadow tests: versioned copies of the tiny bundles,
 * uploads of three sample images, their offline scores, and the committed records of a topic.
 */
final class SwitchFixture {
    private SwitchFixture() {}

    /** Returns {@code bundle} copied to {@code dst} under {@code version}. */
    static Path withVersion(Path bundle, Path dst, String version) throws Exception {
        TestBundles.copy(bundle, dst);
        ObjectMapper json = new ObjectMapper();
        ObjectNode doc = (ObjectNode) json.readTree(dst.resolve("bundle.json").toFile());
        doc.put("version", version);
        json.writeValue(dst.resolve("bundle.json").toFile(), doc);
        return dst;
    }

    /** Copies three sample photos into {@code images} as s0.jpg, s1.jpg, s2.jpg. */
    static Path images(Path images) throws Exception {
        Files.createDirectories(images);
        Path samples = Path.of("..", "samples").toAbsolutePath().normalize();
        List<String> names = List.of("kodim01.jpg", "kodim03.jpg", "kodim14-blocky.jpg");
        for (int i = 0; i < names.size(); i++) {
            Files.copy(samples.resolve(names.get(i)), images.resolve("s" + i + ".jpg"));
        }
        return images;
    }

    /** Returns each bundle's version with its scores of s0, s1, s2, scored offline. */
    static Map<String, double[]> offlineScores(Path images, List<Path> bundles) throws Exception {
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT);
        List<DecodedImage> decoded = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            decoded.add(decoder.decode(Files.readAllBytes(images.resolve("s" + i + ".jpg"))));
        }
        Map<String, double[]> out = new HashMap<>();
        for (Path bundle : bundles) {
            try (Scorer scorer = Scorer.open(bundle, TestBundles.cpu(bundle, 1))) {
                out.put(
                        scorer.bundle().manifest().version(),
                        scorer.score(decoded).stream().mapToDouble(r -> r.score()).toArray());
            }
        }
        return out;
    }

    /** Waits up to two minutes for {@code condition}. */
    static void await(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /**
     * Produces uploads u{from} to u{to - 1} of image s{i % 3}, on platform ios (even) or android
     * (odd).
     */
    static void produce(AppConfig live, Topics topics, ImageServer server, int from, int to) {
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
    static Map<String, QualityScore> collect(AppConfig live, Topics topics, int uploads) {
        Map<String, QualityScore> scores = new HashMap<>();
        String deadLetters = topics.deadLetters().name();
        for (var r : read(live, List.of(topics.scores().name(), deadLetters), uploads)) {
            assertThat(r.topic()).as("dead letter").isNotEqualTo(deadLetters);
            QualityScore s =
                    topics.scores().valueSerde().deserializer().deserialize(r.topic(), r.value());
            assertThat(scores.put(s.getUploadId(), s))
                    .as("second score of %s", s.getUploadId())
                    .isNull();
        }
        return scores;
    }

    /**
     * Returns the committed records of {@code topicNames} from the start: read until {@code
     * expected} arrived and a little longer (a duplicate would show up behind them), at most three
     * minutes.
     */
    static List<ConsumerRecord<byte[], byte[]>> read(
            AppConfig live, List<String> topicNames, int expected) {
        Properties props = live.kafka().clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topicNames) {
                c.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                c.poll(Duration.ofMillis(250)).forEach(out::add);
                if (out.size() >= expected && settle == Long.MAX_VALUE) {
                    settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        return out;
    }
}
