package io.qualitymonitor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MmdDetectorTest {

    @Test
    void shouldNotFindADifferenceBetweenSamplesOfOneDistribution() {
        // Given two samples of 200 standard normal vectors in 16 dimensions
        SplittableRandom random = new SplittableRandom(5);
        List<float[]> x = gaussian(200, 16, 0, random);
        List<float[]> y = gaussian(200, 16, 0, random);

        // When
        MmdDetector.Result r = MmdDetector.test(x, y, 200, 1);

        // Then the statistic is near zero and not significant
        assertThat(r.pValue()).isGreaterThan(0.05);
        assertThat(Math.abs(r.statistic())).isLessThan(0.01);
        assertThat(r.bandwidth()).isBetween(24.0, 40.0); // median |x - y|^2 = about 2 * 16
    }

    @Test
    void shouldFindADifferenceBetweenDistributions() {
        // Given the second sample moved by 0.5 in every dimension
        SplittableRandom random = new SplittableRandom(5);
        List<float[]> x = gaussian(200, 16, 0, random);
        List<float[]> y = gaussian(200, 16, 0.5, random);

        // When
        MmdDetector.Result r = MmdDetector.test(x, y, 200, 1);

        // Then
        assertThat(r.pValue()).isEqualTo(1.0 / 201);
        assertThat(r.statistic()).isGreaterThan(0.05);
    }

    @Test
    void shouldGiveTheSameAnswerForTheSameSeed() {
        // Given
        SplittableRandom random = new SplittableRandom(9);
        List<float[]> x = gaussian(60, 4, 0, random);
        List<float[]> y = gaussian(60, 4, 0.2, random);

        // When / Then
        assertThat(MmdDetector.test(x, y, 100, 3)).isEqualTo(MmdDetector.test(x, y, 100, 3));
    }

    private static List<float[]> gaussian(int n, int dim, double mean, SplittableRandom random) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) {
                v[j] = (float) (mean + random.nextGaussian());
            }
            out.add(v);
        }
        return out;
    }
}
