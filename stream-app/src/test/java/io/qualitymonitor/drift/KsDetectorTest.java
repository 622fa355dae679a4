package io.qualitymonitor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KsDetectorTest {

    @Test
    void shouldComputeDistanceOfAHandExample() {
        // Given x = {1, 2, 3, 4} and y = {3, 4, 5, 6}: after 2, F_x = 0.5 and F_y = 0
        double[] x = {1, 2, 3, 4};
        double[] y = {3, 4, 5, 6};

        // When / Then the largest gap is 0.5 (between 2 and 3, and again between 4 and 5)
        assertThat(KsDetector.statistic(x, y)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void shouldComputeDistanceOfHistogramsAtBinEdges() {
        // Given the same example in unit bins [1,2) ... [6,7)
        long[] x = {1, 1, 1, 1, 0, 0};
        long[] y = {0, 0, 1, 1, 1, 1};

        // When / Then
        assertThat(KsDetector.statistic(x, y)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void shouldStayWithinTheStatedBinningErrorOfTheExactDistance() {
        // Given two samples of 2,000 scores, 3 points apart, and their 50-bin histograms
        SplittableRandom random = new SplittableRandom(3);
        double[] x = new double[2000];
        double[] y = new double[2000];
        ScoreHistogram hx = new ScoreHistogram(0, 100, 50);
        ScoreHistogram hy = new ScoreHistogram(0, 100, 50);
        for (int i = 0; i < x.length; i++) {
            x[i] = 60 + 12 * random.nextGaussian();
            y[i] = 57 + 12 * random.nextGaussian();
            hx.add(x[i]);
            hy.add(y[i]);
        }

        // When
        double exact = KsDetector.statistic(x, y);
        double binned = KsDetector.statistic(hx.counts(), hy.counts());

        // Then the binned distance is a lower bound short by at most the largest bin proportion
        double largestBin = 0;
        for (int i = 0; i < 50; i++) {
            largestBin = Math.max(largestBin, Math.max(hx.counts()[i], hy.counts()[i]) / 2000.0);
        }
        assertThat(binned).isLessThanOrEqualTo(exact).isGreaterThanOrEqualTo(exact - largestBin);
    }

    @Test
    void shouldGiveTheKolmogorovPValue() {
        // Given D = 0.1 with 500 and 10,000 scores: lambda = 0.1 * sqrt(500 * 10000 / 10500)
        double lambda = 0.1 * Math.sqrt(500.0 * 10000 / 10500);

        // When
        double p = KsDetector.pValue(0.1, 500, 10_000);

        // Then it matches the leading terms of 2 * sum (-1)^(k-1) exp(-2 k^2 lambda^2)
        double series = 2 * (Math.exp(-2 * lambda * lambda) - Math.exp(-8 * lambda * lambda));
        assertThat(p).isCloseTo(series, within(1e-6));
        assertThat(KsDetector.pValue(0.01, 500, 10_000)).isGreaterThan(0.99);
    }
}
