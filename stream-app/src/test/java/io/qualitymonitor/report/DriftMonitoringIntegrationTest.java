package io.qualitymonitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qualitymonitor.app.AlertReader;
import io.qualitymonitor.app.StreamsRunner;
import io.qualitymonitor.app.TopicProvisioner;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.drift.DriftSummary;
import io.qualitymonitor.embedded.EmbeddedStack;
import io.qualitymonitor.embedded.SharedStack;
import io.qualitymonitor.schemas.DriftAlert;
import io.qualitymonitor.schemas.DriftStatus;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.serde.SchemaRegistryClient;
import io.qualitymonitor.stream.DriftProcessor;
import io.qualitymonitor.stream.DriftSample;
import io.qualitymonitor.stream.QualityTopology;
import io.qualitymonitor.stream.SegmentFanOut;
import io.qualitymonitor.stream.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams controlled scores through the drift part of the production topology on the real broker:
 * 10,000 stationary scores per platform segment at default drift settings (5-minute windows, 250
 * scores minimum, every metric), then android scores drop by 15 points.
 */
@ExtendWith(SharedStack.class)
class DriftMonitoringIntegrationTest {
    private static final long WINDOW_MS = 300_000;
    private static final long STEP_MS = 600; // one android and one ios score every 0.6 s
    private static final int STATIONARY_PER_SEGMENT = 10_000;
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private final Random random = new Random(11);

    @Test
    void shouldStayQuietWhileStationaryAndAlertWithinTwoWindowsOfAShift(
            EmbeddedStack stack, @TempDir Path reportDir) throws Exception {
        // Given baseline "launch" (6,000 stationary scores per platform) and the drift topology
        AppConfig live = config(stack);
        try (SchemaRegistryClient registry = new SchemaRegistryClient(live.registry())) {
            Topics topics = Topics.from(live.topics(), registry, live.registry());
            provision(live);
            DriftBaselines baselines = new DriftBaselines(live, topics);
            var published = baselines.publish("launch", baselineSummaries(live, topics, 6_000));
            assertThat(published.version()).isEqualTo(1);
            var meters = new SimpleMeterRegistry();
            var topology =
                    QualityTopology.buildDrift(
                            topics,
                            () -> new SegmentFanOut(live.drift(), topics.scores()),
                            () -> new DriftProcessor(live.drift(), meters, Clock.systemUTC(), 3));
            try (StreamsRunner streams =
                            new StreamsRunner(live, topology, new SimpleMeterRegistry());
                    AlertReader alerts = new AlertReader(live, topics)) {
                streams.start();

                // When 10,000 stationary scores per segment, then shifted android scores, arrive
                produce(live, topics, T0, STATIONARY_PER_SEGMENT, 65);
                long shiftStart = T0 + STATIONARY_PER_SEGMENT * STEP_MS;
                produceShift(live, topics, shiftStart, 3 * WINDOW_MS / STEP_MS);

                // Then the first alert is android's, in one of the first two windows of the shift
                List<DriftAlert> seen = new ArrayList<>();
                Awaitility.await()
                        .atMost(Duration.ofMinutes(4))
                        .pollInterval(Duration.ofMillis(500))
                        .until(
                                () -> {
                                    seen.addAll(alerts.poll());
                                    return seen.stream()
                                            .anyMatch(
                                                    a -> a.getSegment().equals("platform=android"));
                                });
                DriftAlert first = seen.get(0);
                assertThat(seen)
                        .allMatch(a -> a.getWindowStart().toEpochMilli() >= shiftStart)
                        .allMatch(a -> a.getStatus() == DriftStatus.DRIFTING);
                DriftAlert android =
                        seen.stream()
                                .filter(a -> a.getSegment().equals("platform=android"))
                                .findFirst()
                                .orElseThrow();
                assertThat(android.getWindowStart().toEpochMilli())
                        .isLessThan(shiftStart + 2 * WINDOW_MS);
                assertThat(android.getBaselineId()).isEqualTo("launch@1");
                assertThat(android.getSegmentLabels()).containsEntry("platform", "android");
                assertThat(first.getModelVersion()).isEqualTo("1.0");
                var rebuilt =
                        DriftBaselines.buildAndPublish(
                                live,
                                "launch",
                                Instant.ofEpochMilli(T0),
                                Instant.ofEpochMilli(T0 + WINDOW_MS));
                assertThat(rebuilt.version()).isEqualTo(2);
                assertThat(rebuilt.counts()).containsEntry("platform=android", WINDOW_MS / STEP_MS);
                Path index =
                        DriftReport.write(
                                live,
                                Instant.ofEpochMilli(shiftStart - 4 * WINDOW_MS),
                                Instant.ofEpochMilli(shiftStart + 2 * WINDOW_MS),
                                reportDir);
                assertThat(Files.readString(index))
                        .contains("platform=android")
                        .contains("DRIFTING")
                        .contains("launch@2");
                assertThat(reportDir.resolve("platform_android-stats.png")).isNotEmptyFile();
                assertThat(reportDir.resolve("platform_android-scores.png")).isNotEmptyFile();
                System.out.printf(
                        "drift IT: first android alert %s %s stat %.3f >= %.3f window %s (shift at"
                                + " %s); all alerts %d%n",
                        android.getMetric(),
                        android.getSeverity(),
                        android.getStatistic(),
                        android.getThreshold(),
                        android.getWindowStart(),
                        Instant.ofEpochMilli(shiftStart),
                        seen.size());
                assertThat(meters.counter("qm.stream.drift.windows").count())
                        .as("20 stationary windows of 3 segments, then shifted ones, all tested")
                        .isGreaterThanOrEqualTo(66);
                assertThat(meters.find("qm.stream.drift.dropped").counters())
                        .as("no sample dropped as late")
                        .allMatch(c -> c.count() == 0);
            }
        }
    }

    /** Returns a baseline per segment from {@code n} stationary scores of each platform. */
    private Map<String, DriftSummary> baselineSummaries(AppConfig live, Topics topics, int n) {
        SegmentFanOut fanOut = new SegmentFanOut(live.drift(), topics.scores());
        Map<String, DriftSummary> out = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            for (String platform : List.of("android", "ios")) {
                for (var kv : fanOut.samples(score(platform, i, 65), 0)) {
                    DriftSample s = DriftSample.fromBytes(kv.value);
                    out.computeIfAbsent(kv.key, k -> DriftSummary.empty(live.drift().shape()))
                            .add(s.score(), s.projected());
                }
            }
        }
        return out;
    }

    private static AppConfig config(EmbeddedStack stack) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return ConfigLoader.fromProcess()
                .load(
                        null,
                        Map.of(
                                "kafka.application.id", "drift-it-" + run,
                                "topics.scores", "drift-it-scores-" + run,
                                "topics.drift", "drift-it-alerts-" + run,
                                "topics.baselines", "drift-it-baselines-" + run,
                                "drift.segments", "platform",
                                "drift.baseline", "launch"))
                .withEndpoints(stack.bootstrapServers(), stack.registryUrl());
    }

    private static void provision(AppConfig live) {
        TopicProvisioner p = new TopicProvisioner(live.kafka().clientProperties());
        p.ensure(List.of(live.topics().scores(), live.topics().drift()), 3, (short) 1);
        p.ensureCompacted(List.of(live.topics().baselines()), 1, (short) 1);
    }

    /** Produces {@code perSegment} android and ios scores from {@code t0}, every 0.6 s. */
    private void produce(AppConfig live, Topics topics, long t0, long perSegment, double mean) {
        try (var producer = producer(live, topics)) {
            for (long i = 0; i < perSegment; i++) {
                long t = t0 + i * STEP_MS;
                send(producer, topics, score("android", t, mean));
                send(producer, topics, score("ios", t, mean));
            }
        }
    }

    /** Produces android scores 15 points lower, ios unchanged. */
    private void produceShift(AppConfig live, Topics topics, long t0, long perSegment) {
        try (var producer = producer(live, topics)) {
            for (long i = 0; i < perSegment; i++) {
                long t = t0 + i * STEP_MS;
                send(producer, topics, score("android", t, 50));
                send(producer, topics, score("ios", t, 65));
            }
        }
    }

    private static KafkaProducer<String, QualityScore> producer(AppConfig live, Topics topics) {
        Properties p = live.kafka().clientProperties();
        p.put("linger.ms", "20");
        return new KafkaProducer<>(
                p, new StringSerializer(), topics.scores().valueSerde().serializer());
    }

    private static void send(KafkaProducer<String, QualityScore> p, Topics t, QualityScore s) {
        p.send(new ProducerRecord<>(t.scores().name(), s.getUploadId(), s));
    }

    private QualityScore score(String platform, long t, double mean) {
        List<Float> features = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            features.add((float) random.nextGaussian());
        }
        return QualityScore.newBuilder()
                .setUploadId(platform + "-" + t)
                .setImageUri("file:///sample.jpg")
                .setScore(Math.max(0, Math.min(100, mean + 12 * random.nextGaussian())))
                .setModelName("it")
                .setModelVersion("1.0")
                .setFetchMs(1)
                .setDecodeMs(1)
                .setInferenceMs(1)
                .setSegments(Map.of("platform", platform, "region", "eu-west"))
                .setEventTime(Instant.ofEpochMilli(t))
                .setScoredTime(Instant.ofEpochMilli(t))
                .setFeatures(features)
                .build();
    }
}
