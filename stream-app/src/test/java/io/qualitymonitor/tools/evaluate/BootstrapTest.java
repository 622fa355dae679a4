package io.qualitymonitor.tools.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    private static double[][] noisyLine(int n, double noise, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble();
            y[i] = x[i] + noise * r.nextGaussian();
        }
        return new double[][] {x, y};
    }

    @Test
    void shouldRepeatExactlyWithTheSameSeed() {
        // Given
        double[][] d = noisyLine(100, 0.3, 5L);
        EvaluationSettings settings = new EvaluationSettings(300, 9L, 0.95);

        // When
        Interval a = new Bootstrap(settings).intervals(d[0], d[1], Correlations::srcc)[0];
        Interval b = new Bootstrap(settings).intervals(d[0], d[1], Correlations::srcc)[0];

        // Then
        assertThat(a).isEqualTo(b);
    }

    @Test
    void shouldBracketEstimateAndNarrowWithMoreData() {
        // Given a small and a large sample of the same relation
        double[][] small = noisyLine(50, 0.3, 6L);
        double[][] large = noisyLine(2000, 0.3, 7L);
        Bootstrap bootstrap = new Bootstrap(new EvaluationSettings(500, 1L, 0.95));

        // When
        Interval s = bootstrap.intervals(small[0], small[1], Correlations::pearson)[0];
        Interval l = bootstrap.intervals(large[0], large[1], Correlations::pearson)[0];

        // Then the interval holds the estimate; width shrinks about as 1 / sqrt(n)
        assertThat(s.lower()).isLessThan(s.estimate());
        assertThat(s.upper()).isGreaterThan(s.estimate());
        assertThat(l.upper() - l.lower()).isLessThan((s.upper() - s.lower()) / 3);
    }

    @Test
    void shouldGiveDegenerateIntervalForPerfectRelation() {
        // Given y = 2x
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] y = {2, 4, 6, 8, 10, 12, 14, 16};

        // When resamples where all x are equal are NaN and left out
        Interval i =
                new Bootstrap(new EvaluationSettings(200, 3L, 0.9))
                        .intervals(x, y, Correlations::srcc)[0];

        // Then
        assertThat(i.estimate()).isCloseTo(1.0, within(1e-12));
        assertThat(i.lower()).isCloseTo(1.0, within(1e-12));
        assertThat(i.upper()).isCloseTo(1.0, within(1e-12));
    }
}
