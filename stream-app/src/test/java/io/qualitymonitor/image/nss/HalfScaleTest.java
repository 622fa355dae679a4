package io.qualitymonitor.image.nss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HalfScaleTest {

    private static GrayImage ramp(int width, int height) {
        double[] data = new double[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                data[y * width + x] = 3.0 * x + 5.0 * y;
            }
        }
        return new GrayImage(width, height, data);
    }

    private static float[] floats(GrayImage image) {
        float[] out = new float[image.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) image.data()[i];
        }
        return out;
    }

    @Test
    void shouldRoundUpOddSizesLikeMatlabAndDownLikeOpenCv() {
        // Given a 21x15 image
        GrayImage image = ramp(21, 15);

        // When
        GrayImage matlab = HalfScale.matlab(image);
        float[] openCv = BrisqueFeatures.halve(floats(image), 21, 15);

        // Then MATLAB takes ceil(n/2), OpenCV floor(n/2)
        assertThat(matlab.width()).isEqualTo(11);
        assertThat(matlab.height()).isEqualTo(8);
        assertThat(openCv).hasSize(10 * 7);
    }

    @Test
    void shouldSampleLinearRampAtPixelPairMidpointsAwayFromBorders() {
        // Given a ramp 3x + 5y on 40x40
        GrayImage image = ramp(40, 40);

        // When
        GrayImage matlab = HalfScale.matlab(image);
        float[] openCv = BrisqueFeatures.halve(floats(image), 40, 40);

        // Then output (i, j) sits between source pixels 2i, 2i+1: value 3(2j+0.5) + 5(2i+0.5)
        for (int i = 3; i < 17; i++) {
            for (int j = 3; j < 17; j++) {
                double expected = 3 * (2 * j + 0.5) + 5 * (2 * i + 0.5);
                assertThat(matlab.get(i, j)).isCloseTo(expected, within(1e-9));
                assertThat((double) openCv[i * 20 + j]).isCloseTo(expected, within(1e-3));
            }
        }
    }

    @Test
    void shouldKeepConstantImageConstant() {
        // Given a constant image
        double[] data = new double[30 * 20];
        java.util.Arrays.fill(data, 117.0);
        GrayImage image = new GrayImage(30, 20, data);

        // When / Then both kernels sum to one, borders included
        for (double v : HalfScale.matlab(image).data()) {
            assertThat(v).isCloseTo(117.0, within(1e-9));
        }
        for (float v : BrisqueFeatures.halve(floats(image), 30, 20)) {
            assertThat((double) v).isCloseTo(117.0, within(1e-4));
        }
    }

    @Test
    void shouldUseKeysKernelValues() {
        // Given / When / Then a = -0.5 interpolates (1 at 0, 0 at integers); a = -0.75 values
        assertThat(HalfScale.cubic(0, -0.5)).isEqualTo(1.0);
        assertThat(HalfScale.cubic(1, -0.5)).isCloseTo(0.0, within(1e-15));
        assertThat(HalfScale.cubic(2, -0.5)).isCloseTo(0.0, within(1e-15));
        assertThat(HalfScale.cubic(0.5, -0.75)).isCloseTo(0.59375, within(1e-15));
        assertThat(HalfScale.cubic(1.5, -0.75)).isCloseTo(-0.09375, within(1e-15));
    }
}
