package io.qualitymonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.fetch.SafeFetcher;
import io.qualitymonitor.image.DecodeLimits;
import io.qualitymonitor.image.ImageDecoder;
import io.qualitymonitor.model.ScoreField;
import io.qualitymonitor.model.ScoreResult;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.schemas.DeadLetter;
import io.qualitymonitor.schemas.DeadLetterReason;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.schemas.QualityAlert;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.serde.InMemorySchemaLookup;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the production topology with a real (tiny, random) model, fetcher and decoder. */
class ScoringTopologyTest {
    private static final Path BUNDLE = Path.of("src/test/resources/bundles/tiny-lowlevel");
    private static Scorer scorer;
    private static ExecutorService decodePool;

    @TempDir static Path root;

    private TopologyTestDriver driver;
    private SafeFetcher fetcher;
    private Topics topics;
    private TestInputTopic<String, ImageUpload> uploads;
    private TestInputTopic<byte[], byte[]> rawUploads;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void loadModel() throws Exception {
        AppConfig c = config(Map.of());
        scorer = Scorer.open(BUNDLE.toAbsolutePath(), c.model());
        decodePool = Executors.newVirtualThreadPerTaskExecutor();
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                img.setRGB(x, y, (x * 255 / 320) << 16 | (y * 255 / 240) << 8 | ((x + y) % 256));
            }
        }
        ImageIO.write(img, "png", root.resolve("good.png").toFile());
        Files.writeString(
                root.resolve("notes.txt"), "this is not an image", StandardCharsets.UTF_8);
    }

    @AfterAll
    static void closeModel() {
        scorer.close();
        decodePool.shutdownNow();
    }

    private static AppConfig config(Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(extra);
        s.put("fetch.file.roots", root == null ? "." : root.toString());
        s.put("fetch.max.retries", "0");
        s.put("batch.max.size", s.getOrDefault("batch.max.size", "4"));
        return new ConfigLoader(Map.of(), new Properties()).load(null, s);
    }

    private void start(Map<String, String> settings) {
        AppConfig c = config(settings);
        InMemorySchemaLookup registry = new InMemorySchemaLookup(1);
        topics = Topics.from(c.topics(), registry, c.registry());
        fetcher = new SafeFetcher(c.fetch());
        var topology =
                new TopologyFactory(c, topics, scorer, fetcher, decodePool, meters, null)
                        .topology();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-topology-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(topology, p);
        String in = c.topics().uploads().get(0);
        uploads =
                driver.createInputTopic(
                        in, Serdes.String().serializer(), topics.uploadSerde().serializer());
        rawUploads =
                driver.createInputTopic(
                        in, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        if (fetcher != null) {
            fetcher.close();
        }
    }

    private static ImageUpload upload(String id, String uri, Map<String, String> segments) {
        return ImageUpload.newBuilder()
                .setUploadId(id)
                .setImageUri(uri)
                .setSegments(segments)
                .setEventTime(Instant.parse("2026-11-23T10:00:00Z"))
                .build();
    }

    private List<QualityScore> scores() {
        TestOutputTopic<String, QualityScore> t =
                driver.createOutputTopic(
                        topics.scores().name(),
                        Serdes.String().deserializer(),
                        topics.scores().valueSerde().deserializer());
        return t.readValuesToList();
    }

    private List<DeadLetter> deadLetters() {
        TestOutputTopic<Bytes, DeadLetter> t =
                driver.createOutputTopic(
                        topics.deadLetters().name(),
                        Serdes.Bytes().deserializer(),
                        topics.deadLetters().valueSerde().deserializer());
        return t.readValuesToList();
    }

    private List<QualityAlert> alerts() {
        return driver.createOutputTopic(
                        topics.alerts().name(),
                        Serdes.String().deserializer(),
                        topics.alerts().valueSerde().deserializer())
                .readValuesToList();
    }

    /** Lets the batch delay pass so the punctuator scores what is buffered. */
    private void flush() {
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    @Test
    void shouldScoreAGoodImageAndCarryItsSegments() {
        // Given
        start(Map.of("alerts.threshold", "-1"));

        // When
        uploads.pipeInput(
                "u1",
                upload(
                        "u1",
                        root.resolve("good.png").toUri().toString(),
                        Map.of("platform", "ios")));
        flush();

        // Then
        List<QualityScore> s = scores();
        assertThat(s).hasSize(1);
        assertThat(s.get(0).getUploadId()).isEqualTo("u1");
        assertThat(s.get(0).getScore()).isBetween(0.0, 100.0);
        assertThat(s.get(0).getModelName()).isEqualTo(scorer.bundle().manifest().name());
        assertThat(s.get(0).getSegments()).containsEntry("platform", "ios");
        assertThat(s.get(0).getImageWidth()).isEqualTo(320);
        assertThat(deadLetters()).isEmpty();
        assertThat(alerts()).isEmpty();
    }

    @Test
    void shouldFillEachScoreFieldTheModelMakesAndLeaveTheOthersNull() throws Exception {
        // Given the model's own result for an image (the low-level-only bundle, whose combined
        // head gives the score)
        start(Map.of());
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.from(config(Map.of()).fetch()));
        ScoreResult direct =
                scorer.score(List.of(decoder.decode(Files.readAllBytes(root.resolve("good.png")))))
                        .get(0);

        // When the stream scores it
        uploads.pipeInput(
                "u1", upload("u1", root.resolve("good.png").toUri().toString(), Map.of()));
        flush();

        // Then the record carries the same scores under the field names, and null for the rest
        QualityScore record = scores().get(0);
        assertThat(direct.fields()).containsOnlyKeys(ScoreField.LOW_LEVEL, ScoreField.COMBINED);
        for (ScoreField f : ScoreField.values()) {
            Double expected = direct.get(f);
            if (expected == null) {
                assertThat(record.get(f.fieldName())).as(f.fieldName()).isNull();
            } else {
                assertThat((Double) record.get(f.fieldName()))
                        .as(f.fieldName())
                        .isCloseTo(expected, within(1e-3));
            }
        }
        assertThat(record.getCombinedScore()).isEqualTo(record.getScore());
        assertThat(record.getVisionLanguageScore()).isNull();
    }

    @Test
    void shouldAlertWhenTheScoreIsBelowTheSegmentThreshold() {
        // Given a threshold above any possible score for android only
        start(Map.of("alerts.threshold", "-1", "alerts.threshold.platform.android", "101"));
        String good = root.resolve("good.png").toUri().toString();

        // When one android and one ios upload are scored
        uploads.pipeInput("a", upload("a", good, Map.of("platform", "android")));
        uploads.pipeInput("i", upload("i", good, Map.of("platform", "ios")));
        flush();

        // Then both are scored, only the android one alerts, naming its threshold
        assertThat(scores()).hasSize(2);
        List<QualityAlert> a = alerts();
        assertThat(a).extracting(QualityAlert::getUploadId).containsExactly("a");
        assertThat(a.get(0).getThresholdSource()).isEqualTo("platform=android");
        assertThat(a.get(0).getThreshold()).isEqualTo(101.0);
    }

    @Test
    void shouldDeadLetterEachBadInputWithItsReason() {
        // Given
        start(Map.of());
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

        // When bad records of each kind arrive
        rawUploads.pipeInput("k0".getBytes(StandardCharsets.UTF_8), garbage);
        uploads.pipeInput(
                "u1", upload("u1", root.resolve("notes.txt").toUri().toString(), Map.of()));
        uploads.pipeInput(
                "u2", upload("u2", root.resolve("missing.png").toUri().toString(), Map.of()));
        uploads.pipeInput("u3", upload("u3", "file:///etc/passwd", Map.of()));
        uploads.pipeInput("u4", upload("u4", "http://169.254.169.254/latest/meta-data/", Map.of()));
        uploads.pipeInput("u5", upload("u5", "ftp://example.com/x.jpg", Map.of()));
        uploads.pipeInput("u6", upload("u6", "http://[::1]:1/x.jpg", Map.of()));
        flush();

        // Then each ends as exactly one dead letter with the right reason; none is scored
        Map<String, DeadLetterReason> byId = new HashMap<>();
        List<DeadLetter> dl = deadLetters();
        dl.forEach(d -> byId.put(String.valueOf(d.getUploadId()), d.getReason()));
        assertThat(dl).hasSize(7);
        assertThat(byId)
                .containsEntry("null", DeadLetterReason.BAD_RECORD)
                .containsEntry("u1", DeadLetterReason.NOT_AN_IMAGE)
                .containsEntry("u2", DeadLetterReason.FETCH_FAILED)
                .containsEntry("u3", DeadLetterReason.BLOCKED_ADDRESS)
                .containsEntry("u4", DeadLetterReason.BLOCKED_ADDRESS)
                .containsEntry("u5", DeadLetterReason.UNSUPPORTED_SCHEME)
                .containsEntry("u6", DeadLetterReason.BLOCKED_ADDRESS);
        DeadLetter bad = dl.stream().filter(d -> d.getUploadId() == null).findFirst().orElseThrow();
        assertThat(bad.getOriginalValue().array()).isEqualTo(garbage);
        assertThat(bad.getSourceOffset()).isZero();
        assertThat(bad.getMessage()).isNotBlank();
        assertThat(scores()).isEmpty();
    }

    @Test
    void shouldScoreEveryRecordOnceAcrossFullAndPartialBatches() {
        // Given batches of at most 4
        start(Map.of("batch.max.size", "4", "alerts.threshold", "-1"));
        String good = root.resolve("good.png").toUri().toString();

        // When 10 uploads arrive (two full batches and a partial one)
        for (int i = 0; i < 10; i++) {
            uploads.pipeInput("u" + i, upload("u" + i, good, Map.of()));
        }
        flush();

        // Then all 10 are scored exactly once, in batches no larger than 4
        assertThat(scores())
                .extracting(QualityScore::getUploadId)
                .doesNotHaveDuplicates()
                .hasSize(10);
        var sizes = meters.get("qm.batch.size").summaries();
        double batches = sizes.stream().mapToLong(x -> x.count()).sum();
        double items = sizes.stream().mapToDouble(x -> x.totalAmount()).sum();
        assertThat(items).isEqualTo(10.0);
        assertThat(batches).isEqualTo(3.0);
        assertThat(sizes.stream().mapToDouble(x -> x.max()).max().orElseThrow())
                .isLessThanOrEqualTo(4.0);
    }
}
