package io.qualitymonitor.image.nss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MscnTest {

    @Test
    void shouldMatchTheNiqeReleaseGaussianWindow() throws Exception {
        // Given the 7x7 window exported from the NIQE parameters
        double[][] window;
        try (InputStream in =
                Mscn.class.getResourceAsStream("/baselines/niqe/niqe_gaussian_window_7x7.csv")) {
            window = readCsv(in);
        }

        // When
        double[] w = Mscn.gaussian1d(7, 7.0 / 6.0);

        // Then its outer product is that window
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 7; j++) {
                assertThat(w[i] * w[j]).isCloseTo(window[i][j], within(1e-15));
            }
        }
    }

    @Test
    void shouldGiveZeroForFlatImage() {
        // Given a flat image
        double[] data = new double[40 * 30];
        java.util.Arrays.fill(data, 201.0);

        // When
        double[] mscn = Mscn.of(new GrayImage(40, 30, data));

        // Then every coefficient is exactly 0 (rounding noise does not leak into sign counts)
        for (double v : mscn) {
            assertThat(v).isZero();
        }
    }

    @Test
    void shouldNormaliseNoiseToUnitScaleWhenContrastIsHigh() {
        // Given strong white noise (sd 50) around grey 128
        SplittableRandom r = new SplittableRandom(11L);
        java.util.Random g = new java.util.Random(r.nextLong());
        double[] data = new double[200 * 200];
        for (int i = 0; i < data.length; i++) {
            data[i] = 128 + 50 * g.nextGaussian();
        }

        // When
        double[] mscn = Mscn.of(new GrayImage(200, 200, data));

        // Then the coefficients have mean about 0 and a standard deviation near (but above) 1:
        // the local deviation includes the centre pixel, which shrinks (I - mu) slightly less
        double mean = java.util.Arrays.stream(mscn).average().orElseThrow();
        double sd =
                Math.sqrt(
                        java.util.Arrays.stream(mscn)
                                .map(v -> (v - mean) * (v - mean))
                                .average()
                                .orElseThrow());
        assertThat(mean).isCloseTo(0.0, within(0.01));
        assertThat(sd).isBetween(0.8, 1.2);
    }

    // the window file: one row per line, comma-separated, '#' comments
    private static double[][] readCsv(InputStream in) throws java.io.IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
    }
}
