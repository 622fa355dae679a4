package io.qualitymonitor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qualitymonitor.config.DriftConfig;
import io.qualitymonitor.drift.DriftFixtures.Population;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftSummaryTest {
    /** The limit stated in the README for default settings. */
    private static final int STATED_LIMIT_BYTES = 17_000;

    @Test
    void shouldStayUnderTheStatedSizeWhateverTheRecordCount() {
        // Given default settings and summaries of 1,000 and 200,000 records
        DriftConfig config = DriftFixtures.defaults();
        SplittableRandom random = new SplittableRandom(1);
        DriftSummary small = Population.STEADY.summary(config, 1_000, random);
        DriftSummary large = Population.STEADY.summary(config, 200_000, random);

        // When serialized
        int smallBytes = small.toBytes().length;
        int largeBytes = large.toBytes().length;

        // Then both fit the stated bound and the larger costs only a few more count bytes
        assertThat(DriftSummary.maxSerializedBytes(config.shape()))
                .isLessThanOrEqualTo(STATED_LIMIT_BYTES);
        assertThat(largeBytes).isLessThanOrEqualTo(DriftSummary.maxSerializedBytes(config.shape()));
        assertThat(largeBytes - smallBytes).isBetween(0, 150);
        assertThat(large.reservoir().items()).hasSize(256);
    }

    @Test
    void shouldCostUnderHalfAKilobyteWithoutFeatureVectors() {
        // Given 100,000 scores and no features
        DriftSummary s = DriftSummary.empty(DriftFixtures.defaults().shape());
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 100_000; i++) {
            s.add(100 * random.nextDouble(), null);
        }

        // When / Then
        assertThat(s.toBytes().length).isLessThan(512);
    }

    @Test
    void shouldRoundTripThroughBytes() {
        // Given a summary of 3,000 records
        DriftConfig config = DriftFixtures.defaults();
        DriftSummary s = Population.STEADY.summary(config, 3_000, new SplittableRandom(3));

        // When
        DriftSummary back = DriftSummary.fromBytes(s.toBytes());

        // Then every part is the same
        assertThat(back.histogram().counts()).containsExactly(s.histogram().counts());
        assertThat(back.count()).isEqualTo(3_000);
        assertThat(back.mean()).isEqualTo(s.mean());
        assertThat(back.std()).isEqualTo(s.std());
        assertThat(back.reservoir().seen()).isEqualTo(3_000);
        for (int i = 0; i < 256; i++) {
            assertThat(back.reservoir().items().get(i))
                    .containsExactly(s.reservoir().items().get(i));
        }
        assertThat(back.toBytes()).isEqualTo(s.toBytes());
    }

    @Test
    void shouldMergeIntoWhatOneSummaryOfBothParts() {
        // Given the same 4,000 scores summarised whole and in two parts
        DriftConfig config = DriftFixtures.defaults();
        SplittableRandom random = new SplittableRandom(4);
        double[] scores = random.doubles(4_000, 0, 100).toArray();
        DriftSummary whole = DriftSummary.empty(config.shape());
        DriftSummary first = DriftSummary.empty(config.shape());
        DriftSummary second = DriftSummary.empty(config.shape());
        for (int i = 0; i < scores.length; i++) {
            whole.add(scores[i], null);
            (i < 1_000 ? first : second).add(scores[i], null);
        }

        // When
        DriftSummary merged = first.copy().merge(second);

        // Then histogram and moments agree and the parts are untouched
        assertThat(merged.histogram().counts()).containsExactly(whole.histogram().counts());
        assertThat(merged.mean()).isCloseTo(whole.mean(), within(1e-9));
        assertThat(merged.std()).isCloseTo(whole.std(), within(1e-9));
        assertThat(first.count()).isEqualTo(1_000);
    }

    @Test
    void shouldRefuseToMergeSummariesOfDifferentShapes() {
        // Given summaries with 50 and 20 bins
        DriftSummary a = DriftSummary.empty(DriftFixtures.defaults().shape());
        DriftSummary b =
                DriftSummary.empty(
                        DriftFixtures.config(Map.of("drift.histogram.bins", "20")).shape());

        // When / Then
        assertThatThrownBy(() -> a.merge(b))
                .isInstanceOf(DriftSummaryException.class)
                .hasMessageContaining("different shapes");
    }

    @Test
    void shouldRejectCorruptBytesWithAOneLineMessage() {
        // Given a truncated summary
        byte[] bytes = DriftSummary.empty(DriftFixtures.defaults().shape()).toBytes();
        byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);

        // When / Then
        assertThatThrownBy(() -> DriftSummary.fromBytes(truncated))
                .isInstanceOf(DriftSummaryException.class)
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> DriftSummary.fromBytes(new byte[] {9}))
                .isInstanceOf(DriftSummaryException.class)
                .hasMessageContaining("format");
    }

    @Test
    void shouldIgnoreScoresThatAreNotNumbers() {
        // Given
        DriftSummary s = DriftSummary.empty(DriftFixtures.defaults().shape());

        // When
        boolean added = s.add(Double.NaN, new float[32]);

        // Then
        assertThat(added).isFalse();
        assertThat(s.count()).isZero();
        assertThat(s.reservoir().seen()).isZero();
    }

    @Test
    void shouldRoundTripABaselineWithItsNameAndVersion() {
        // Given
        DriftConfig config = DriftFixtures.defaults();
        Baseline b =
                new Baseline(
                        "launch",
                        3,
                        Population.STEADY.summary(config, 500, new SplittableRandom(5)));

        // When
        Baseline back = Baseline.fromBytes(b.toBytes());

        // Then
        assertThat(back.id()).isEqualTo("launch@3");
        assertThat(back.summary().toBytes()).isEqualTo(b.summary().toBytes());
    }

    @Test
    void shouldRoundTripTheMonitorState() {
        // Given a drifting state
        MonitorState s =
                new MonitorState(true, Metric.KS, 2, 12_345L, new CusumDetector.State(0.01, 0.1));

        // When / Then
        assertThat(MonitorState.fromBytes(s.toBytes())).isEqualTo(s);
        assertThat(s.toBytes()).hasSize(30);
        assertThat(MonitorState.fromBytes(MonitorState.INITIAL.toBytes()))
                .isEqualTo(MonitorState.INITIAL);
    }
}
