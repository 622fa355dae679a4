package io.qualitymonitor.tools.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticFitTest {

    private static final LogisticFit TRUE = new LogisticFit(90, 10, 0.5, 0.08);

    private static double[] scores(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble();
        }
        return x;
    }

    @Test
    void shouldRecoverParametersOfNoisySyntheticLogistic() {
        // Given 400 points on 10 + 80 / (1 + exp(-(x - 0.5) / 0.08)) with noise sd 1
        double[] x = scores(400, 1L);
        Random noise = new Random(2L);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = TRUE.apply(x[i]) + noise.nextGaussian();
        }

        // When
        LogisticFit fit = LogisticFit.fit(x, y, true);

        // Then
        assertThat(fit.b1()).isCloseTo(90, within(1.0));
        assertThat(fit.b2()).isCloseTo(10, within(1.0));
        assertThat(fit.b3()).isCloseTo(0.5, within(0.01));
        assertThat(fit.b4()).isCloseTo(0.08, within(0.01));
    }

    @Test
    void shouldMakePlccOneOnExactLogisticData() {
        // Given exact logistic labels (a linear fit would give PLCC well below 1)
        double[] x = scores(200, 3L);
        double[] y = TRUE.apply(x);

        // When
        LogisticFit fit = LogisticFit.fit(x, y, true);

        // Then
        assertThat(Correlations.plcc(x, y, fit)).isCloseTo(1.0, within(1e-6));
        assertThat(Correlations.pearson(x, y)).isLessThan(0.98);
    }

    @Test
    void shouldFitDecreasingRelationsWithPositivePlcc() {
        // Given labels that fall as the score rises
        double[] x = scores(200, 4L);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 100 - TRUE.apply(x[i]);
        }

        // When
        LogisticFit fit = LogisticFit.fit(x, y, false);

        // Then the fitted curve follows the labels
        assertThat(Correlations.plcc(x, y, fit)).isCloseTo(1.0, within(1e-6));
        assertThat(fit.apply(0.0)).isGreaterThan(fit.apply(1.0));
    }
}
