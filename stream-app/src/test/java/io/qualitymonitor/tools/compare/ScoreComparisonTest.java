package io.qualitymonitor.tools.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qualitymonitor.config.AlertConfig;
import io.qualitymonitor.drift.SegmentKeys;
import io.qualitymonitor.stream.AlertPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreComparisonTest {
    private static final Map<String, String> IOS = Map.of("platform", "ios");
    private static final Map<String, String> ANDROID = Map.of("platform", "android");

    // u1..u4 on both sides, u5 only in A, u6 only in B
    private static final SideScores A =
            side(
                    "a",
                    Map.of(
                            "u1", new ScoredUpload(10, IOS),
                            "u2", new ScoredUpload(20, IOS),
                            "u3", new ScoredUpload(30, ANDROID),
                            "u4", new ScoredUpload(40, ANDROID),
                            "u5", new ScoredUpload(50, IOS)));
    private static final SideScores B =
            side(
                    "b",
                    Map.of(
                            "u1", new ScoredUpload(15, IOS),
                            "u2", new ScoredUpload(25, IOS),
                            "u3", new ScoredUpload(24, ANDROID),
                            "u4", new ScoredUpload(60, ANDROID),
                            "u6", new ScoredUpload(70, ANDROID)));

    @Test
    void shouldJoinByUploadIdAndGiveTheRankCorrelationDeltasAndFlipsOfEverySegment() {
        // Given a global threshold of 25 and segments by platform
        ScoreComparison comparison = comparison(new AlertConfig(25, Map.of()), 5);

        // When B is compared with A
        Comparison c = comparison.compare(A, B);

        // Then 'all' comes first, then the platforms in key order
        assertThat(c.segments())
                .extracting(SegmentComparison::segment)
                .containsExactly("all", "platform=android", "platform=ios");
        SegmentComparison all = c.segments().get(0);
        assertThat(all.both()).isEqualTo(4);
        assertThat(all.onlyA()).isEqualTo(1);
        assertThat(all.onlyB()).isEqualTo(1);
        // ranks 1,2,3,4 against 1,3,2,4: 1 - 6 * 2 / (4 * 15)
        assertThat(all.srcc()).isCloseTo(0.8, within(1e-12));
        // deltas 5, 5, -6, 20
        assertThat(all.deltas().mean()).isCloseTo(6.0, within(1e-12));
        assertThat(all.deltas().median()).isCloseTo(5.0, within(1e-12));
        assertThat(all.deltas().maxAbs()).isCloseTo(20.0, within(1e-12));
        // u3 falls below 25 in B (raised); u2 rises from 20 to 25, no longer below (cleared)
        assertThat(all.flips()).isEqualTo(new AlertFlips(1, 1, List.of("u3"), List.of("u2")));
        SegmentComparison android = c.segments().get(1);
        assertThat(android.both()).isEqualTo(2);
        assertThat(android.onlyB()).isEqualTo(1);
        assertThat(android.srcc()).as("below 3 uploads").isNaN();
        assertThat(android.a()).containsExactly(30, 40);
        assertThat(android.b()).containsExactly(24, 60);
        assertThat(c.segments().get(2).onlyA()).isEqualTo(1);
    }

    @Test
    void shouldJudgeFlipsWithTheThresholdOfTheUploadsSegment() {
        // Given android's threshold raised to 45: u3 is low on both sides, u4 only in A
        ScoreComparison comparison =
                comparison(new AlertConfig(25, Map.of("platform=android", 45.0)), 5);

        // When
        SegmentComparison android = comparison.compare(A, B).segments().get(1);

        // Then u3 does not flip, u4 is cleared
        assertThat(android.flips()).isEqualTo(new AlertFlips(0, 1, List.of(), List.of("u4")));
    }

    @Test
    void shouldCountEveryFlipButKeepOnlyTheFirstExamplesInIdOrder() {
        // Given ten uploads scored 10 in A and 40 in B, under a threshold of 25
        Map<String, ScoredUpload> low = new java.util.HashMap<>();
        Map<String, ScoredUpload> high = new java.util.HashMap<>();
        for (int i = 9; i >= 0; i--) {
            low.put("u" + i, new ScoredUpload(10, IOS));
            high.put("u" + i, new ScoredUpload(40, IOS));
        }

        // When B is compared with A, keeping 2 examples
        AlertFlips flips =
                comparison(new AlertConfig(25, Map.of()), 2)
                        .compare(side("a", low), side("b", high))
                        .segments()
                        .get(0)
                        .flips();

        // Then all ten alerts are cleared, and the first two ids are the examples
        assertThat(flips).isEqualTo(new AlertFlips(0, 10, List.of(), List.of("u0", "u1")));
    }

    @Test
    void shouldSummariseDeltasWithLinearPercentilesAndTheSampleStandardDeviation() {
        DeltaStats d = DeltaStats.of(new double[] {5, 1, 4, 2, 3});

        assertThat(d.mean()).isCloseTo(3, within(1e-12));
        assertThat(d.sd()).isCloseTo(Math.sqrt(2.5), within(1e-12));
        assertThat(d.p5()).isCloseTo(1.2, within(1e-12));
        assertThat(d.p25()).isCloseTo(2, within(1e-12));
        assertThat(d.median()).isCloseTo(3, within(1e-12));
        assertThat(d.p75()).isCloseTo(4, within(1e-12));
        assertThat(d.p95()).isCloseTo(4.8, within(1e-12));
        assertThat(DeltaStats.of(new double[] {-2, 2}).meanAbs()).isCloseTo(2, within(1e-12));
    }

    @Test
    void shouldLeaveStatisticsUndefinedWithoutEnoughUploads() {
        assertThat(DeltaStats.of(new double[0]).mean()).isNaN();
        assertThat(DeltaStats.of(new double[] {3}).sd()).isNaN();
        assertThat(ScoreComparison.srcc(new double[] {1, 2, 3}, new double[] {5, 5, 5}))
                .as("a constant side has no ranking")
                .isNaN();
    }

    private static ScoreComparison comparison(AlertConfig alerts, int examples) {
        return new ScoreComparison(
                new SegmentKeys(List.of(List.of("platform"))), new AlertPolicy(alerts), examples);
    }

    private static SideScores side(String run, Map<String, ScoredUpload> scores) {
        return new SideScores(Side.run(run), scores, List.of("tiny 1"));
    }
}
