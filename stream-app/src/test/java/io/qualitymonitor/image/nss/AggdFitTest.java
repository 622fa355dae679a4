package io.qualitymonitor.image.nss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

class AggdFitTest {

    /** Draws AGGD samples: |X| = beta * G^(1/alpha), G ~ Gamma(1/alpha, 1), side by scale. */
    private static double[] sampleAggd(int n, double alpha, double betaL, double betaR, long seed) {
        GammaDistribution g = new GammaDistribution(new Well19937c(seed), 1 / alpha, 1);
        SplittableRandom side = new SplittableRandom(seed);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double magnitude = Math.pow(g.sample(), 1 / alpha);
            boolean left = side.nextDouble() < betaL / (betaL + betaR);
            out[i] = left ? -betaL * magnitude : betaR * magnitude;
        }
        return out;
    }

    @Test
    void shouldRecoverShapeAndScalesOfSyntheticAsymmetricSample() {
        // Given 200k samples of an AGGD with shape 1.3, left scale 0.4, right scale 0.7
        double[] values = sampleAggd(200_000, 1.3, 0.4, 0.7, 7L);

        // When
        AggdFit.Params p = AggdFit.fit(values);

        // Then
        assertThat(p.shape()).isCloseTo(1.3, within(0.03));
        assertThat(p.leftScale()).isCloseTo(0.4, within(0.01));
        assertThat(p.rightScale()).isCloseTo(0.7, within(0.015));
    }

    @Test
    void shouldFindGaussianShapeForNormalSample() {
        // Given standard normal samples
        SplittableRandom random = new SplittableRandom(3L);
        java.util.Random normal = new java.util.Random(random.nextLong());
        double[] values = new double[200_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = normal.nextGaussian();
        }

        // When
        AggdFit.Params p = AggdFit.fit(values);

        // Then the shape is 2 and both standard deviations are 1
        assertThat(p.shape()).isCloseTo(2.0, within(0.05));
        assertThat(p.leftStd()).isCloseTo(1.0, within(0.01));
        assertThat(p.rightStd()).isCloseTo(1.0, within(0.01));
        assertThat(p.mean()).isCloseTo(0.0, within(0.01));
    }

    @Test
    void shouldMapExactRatiosToTheirGridShapes() {
        // Given the closed-form ratios of the Laplacian (1/2) and the Gaussian (2/pi)
        // When / Then
        assertThat(AggdFit.shapeFor(0.5)).isCloseTo(1.0, within(1e-9));
        assertThat(AggdFit.shapeFor(2 / Math.PI)).isCloseTo(2.0, within(1e-9));
        assertThat(AggdFit.shapeFor(0.0)).isCloseTo(0.2, within(1e-9));
        assertThat(AggdFit.shapeFor(0.99)).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void shouldComputeMeanOfFittedDistributionFromScales() {
        // Given a fit with shape 1 and standard deviations 1 (left) and 2 (right)
        AggdFit.Params p = new AggdFit.Params(1.0, 1.0, 2.0);

        // When
        double mean = p.mean();

        // Then beta = std * sqrt(G(1)/G(3)) = std / sqrt(2), mean = (bR - bL) * G(2)/G(1)
        double expected = (2.0 - 1.0) / Math.sqrt(2) * Gamma.gamma(2) / Gamma.gamma(1);
        assertThat(mean).isCloseTo(expected, within(1e-12));
    }
}
