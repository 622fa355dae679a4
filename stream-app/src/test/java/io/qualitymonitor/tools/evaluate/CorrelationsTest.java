package io.qualitymonitor.tools.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CorrelationsTest {

    @Test
    void shouldGiveOneForPerfectlyMonotoneNonlinearData() {
        // Given y = x^3 (monotone, not linear)
        double[] x = {-3, -1, 0, 2, 5, 7};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * x[i] * x[i];
        }

        // When / Then rank coefficients are 1, the linear one is below 1
        assertThat(Correlations.srcc(x, y)).isCloseTo(1.0, within(1e-12));
        assertThat(Correlations.krcc(x, y)).isCloseTo(1.0, within(1e-12));
        assertThat(Correlations.pearson(x, y)).isLessThan(0.99);
    }

    @Test
    void shouldMatchHandCalculationOnSmallExample() {
        // Given two swapped pairs
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {2, 1, 4, 3, 5};

        // When / Then SRCC = 1 - 6 * 4 / (5 * 24) = 0.8; tau = (8 - 2) / 10 = 0.6
        assertThat(Correlations.srcc(x, y)).isCloseTo(0.8, within(1e-12));
        assertThat(Correlations.krcc(x, y)).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void shouldApplyTauBCorrectionForTies() {
        // Given one tie in x: 5 concordant pairs, 0 discordant, 1 tied in x only
        double[] x = {1, 2, 2, 3};
        double[] y = {1, 2, 3, 4};

        // When / Then tau-b = 5 / sqrt((6 - 1) * (6 - 0))
        assertThat(Correlations.krcc(x, y)).isCloseTo(5 / Math.sqrt(30), within(1e-12));
    }

    @Test
    void shouldGiveMinusOneForReversedOrder() {
        // Given
        double[] x = {1, 2, 3, 4};
        double[] y = {10, 7, 3, 1};

        // When / Then
        assertThat(Correlations.srcc(x, y)).isCloseTo(-1.0, within(1e-12));
        assertThat(Correlations.krcc(x, y)).isCloseTo(-1.0, within(1e-12));
    }
}
