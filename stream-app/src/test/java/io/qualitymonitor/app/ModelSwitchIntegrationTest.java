package io.qualitymonitor.app;

import static io.qualitymonitor.app.SwitchFixture.await;
import static io.qualitymonitor.app.SwitchFixture.offlineScores;
import static io.qualitymonitor.app.SwitchFixture.produce;
import static io.qualitymonitor.app.SwitchFixture.withVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Counter;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.embedded.SharedStack;
import io.qualitymonitor.model.TestBundles;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.shadow.Agreement;
import io.qualitymonitor.shadow.Agreements;
import io.qualitymonitor.shadow.ShadowScorer;
import io.qualitymonitor.stream.QualityTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Switching the live model of two running instances through the control topic, on the real broker
 * and registry, exactly-once: 300 uploads, a promotion (or a rollback) in the middle, and every
 * upload scored exactly once, each score by the bundle whose version it names. The promotion runs
 * with the candidate in shadow first: its scores go to the shadow topic only.
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
        images = SwitchFixture.images(tmp.resolve("images"));
    }

    @Test
    void shouldShadowThenScoreEveryUploadOnceWithThePromotedModel(AppConfig shared)
            throws Exception {
        // Given two instances of one application scoring with bundle A, B in shadow
        AppConfig live =
                IsolatedConfig.of(
                        shared,
                        4,
                        bundleA,
                        Map.of(
                                "fetch.max.retries", "0",
                                "model.shadow.dir", bundleB.toString(),
                                "model.shadow.queue.max", "1000",
                                "drift.segments", "platform"));
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
                    },
                    (apps, scores) -> assertShadowed(live, wiring, apps, scores));
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
                    },
                    (apps, scores) -> assertThat(apps.get(0).shadowAgreements()).isNull());
        }
    }

    /** A check on the running instances and the live scores. */
    private interface Check {
        void accept(List<ScoringApp> apps, Map<String, QualityScore> scores) throws Exception;
    }

    /**
     * Starts two instances (both must run {@code from}), produces half the uploads, switches with
     * {@code change} once 50 are scored, produces the other half once both run {@code to}, checks
     * that every upload was scored exactly once by the version its score names, then {@code more}.
     */
    private void switchMidStream(
            AppConfig live,
            Wiring wiring,
            String from,
            String to,
            Function<ModelControlService, ModelSelection> change,
            Check more)
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

            Map<String, QualityScore> scores =
                    SwitchFixture.collect(live, wiring.topics(), UPLOADS);
            assertScoredOnceByTheirVersion(scores);
            assertThat(versionsOf(scores, 0, UPLOADS / 2)).contains(from);
            assertThat(versionsOf(scores, UPLOADS / 2, UPLOADS)).containsOnly(to);
            more.accept(List.of(first, second), scores);
        }
    }

    /**
     * Checks that every upload A scored live went to the candidate B (or was dropped and counted),
     * that the shadow topic holds B's scores with A's in the headers, and that the agreement of the
     * metrics and of {@code model status} is measured on those pairs.
     */
    private void assertShadowed(
            AppConfig live, Wiring wiring, List<ScoringApp> apps, Map<String, QualityScore> scores)
            throws Exception {
        long offered = scores.values().stream().filter(s -> A.equals(s.getModelVersion())).count();
        await(
                () ->
                        count(apps, ShadowScorer.SCORED) + count(apps, ShadowScorer.DROPPED)
                                >= offered,
                "every shadowed upload written or dropped");
        int written = (int) count(apps, ShadowScorer.SCORED);
        List<ConsumerRecord<byte[], byte[]>> shadow =
                SwitchFixture.read(live, List.of(live.topics().shadow()), written);
        assertThat(shadow).hasSize(written).isNotEmpty();
        Map<String, double[]> offline = offlineScores(images, List.of(bundleA, bundleB));
        double deltas = 0;
        for (ConsumerRecord<byte[], byte[]> r : shadow) {
            QualityScore s =
                    wiring.topics()
                            .scores()
                            .valueSerde()
                            .deserializer()
                            .deserialize(r.topic(), r.value());
            QualityScore liveScore = scores.get(s.getUploadId());
            int image = Integer.parseInt(s.getUploadId().substring(1)) % 3;
            assertThat(s.getModelVersion()).isEqualTo(B);
            assertThat(s.getScore()).isCloseTo(offline.get(B)[image], within(1e-3));
            assertThat(liveScore.getModelVersion()).isEqualTo(A);
            assertThat(header(r, ShadowScorer.LIVE_SCORE))
                    .isEqualTo(Double.toString(liveScore.getScore()));
            assertThat(header(r, ShadowScorer.LIVE_VERSION)).isEqualTo(A);
            deltas += s.getScore() - liveScore.getScore();
        }
        Map<String, Agreement.Summary> status =
                new ModelControlService(live).status(1000).shadow().agreements().summaries();
        assertThat(status).containsKeys("all", "platform=ios", "platform=android");
        assertThat(status.get("all").pairs()).isEqualTo(written);
        assertThat(status.get("all").deltaMean()).isCloseTo(deltas / written, within(1e-6));
        long pairs = 0;
        for (ScoringApp app : apps) {
            Agreement.Summary all = app.shadowAgreements().summaries().get("all");
            pairs += all == null ? 0 : all.pairs();
        }
        assertThat(pairs).isEqualTo(written);
        assertThat(apps.get(0).meters().find(Agreements.RANK_CORRELATION).gauges()).isNotEmpty();
    }

    private static long count(List<ScoringApp> apps, String counter) {
        return (long)
                apps.stream()
                        .flatMap(a -> a.meters().find(counter).counters().stream())
                        .mapToDouble(Counter::count)
                        .sum();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static Wiring wired(AppConfig live) {
        Wiring wiring = new Wiring(live);
        wiring.provisionTopics();
        wiring.registerSchemas();
        return wiring;
    }

    private void assertScoredOnceByTheirVersion(Map<String, QualityScore> scores) throws Exception {
        assertThat(scores).hasSize(UPLOADS);
        Map<String, double[]> offline = offlineScores(images, List.of(bundleA, bundleB));
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
}
