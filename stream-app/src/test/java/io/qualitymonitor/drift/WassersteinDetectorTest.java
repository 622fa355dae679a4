package io.qualitymonitor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WassersteinDetectorTest {

    @Test
    void shouldEqualTheShiftOfAShiftedUniformSample() {
        // Given scores evenly spread over [20, 60) and the same moved up by 10
        double[] x = new double[4000];
        double[] y = new double[4000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 20 + 40.0 * i / x.length;
            y[i] = x[i] + 10;
        }

        // When / Then the exact distance is the shift
        assertThat(WassersteinDetector.distance(x, y)).isCloseTo(10, within(1e-9));
    }

    @Test
    void shouldEqualTheShiftOnHistogramsWhenItIsWholeBins() {
        // Given uniform mass over bins 10..29 and over bins 15..34 (width 2: a 10-point shift)
        long[] a = new long[50];
        long[] b = new long[50];
        for (int i = 10; i < 30; i++) {
            a[i] = 100;
            b[i + 5] = 100;
        }

        // When
        double w = WassersteinDetector.distance(a, b, 2.0);

        // Then 10 points, i.e. 0.1 of the 0-100 range
        assertThat(w).isCloseTo(10, within(1e-9));
        assertThat(w / 100).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void shouldBeZeroForTheSameDistribution() {
        // Given the same proportions at two sizes
        long[] a = {5, 10, 20, 10, 5};
        long[] b = {50, 100, 200, 100, 50};

        // When / Then
        assertThat(WassersteinDetector.distance(a, b, 20)).isZero();
    }

    @Test
    void shouldHandleSamplesOfDifferentSizes() {
        // Given {0} against {0, 2}: half the mass moves 2
        double w = WassersteinDetector.distance(new double[] {0}, new double[] {0, 2});

        // Then
        assertThat(w).isCloseTo(1.0, within(1e-12));
    }
}
