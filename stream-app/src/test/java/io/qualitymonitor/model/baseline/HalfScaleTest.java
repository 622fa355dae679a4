package io.qualitymonitor.model.baseline;

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

    @Test
    void shouldRoundUpOddSizesLikeMatlabAndDownLikeOpenCv() {
        // Given a 21x15 image
        GrayImage image = ramp(21, 15);

        // When
        GrayImage matlab = HalfScale.matlab(image);
        GrayImage openCv = HalfScale.openCv(image);

        // Then MATLAB takes ceil(n/2), OpenCV floor(n/2)
        assertThat(matlab.width()).isEqualTo(11);
        assertThat(matlab.height()).isEqualTo(8);
        assertThat(openCv.width()).isEqualTo(10);
        assertThat(openCv.height()).isEqualTo(7);
    }

    @Test
    void shouldSampleLinearRampAtPixelPairMidpointsAwayFromBorders() {
        // Given a ramp 3x + 5y on 40x40
        GrayImage image = ramp(40, 40);

        // When
        GrayImage matlab = HalfScale.matlab(image);
        GrayImage openCv = HalfScale.openCv(image);

        // Then output (i, j) sits between source pixels 2i, 2i+1: value 3(2j+0.5) + 5(2i+0.5)
        for (int i = 3; i < 17; i++) {
            for (int j = 3; j < 17; j++) {
                double expected = 3 * (2 * j + 0.5) + 5 * (2 * i + 0.5);
                assertThat(matlab.get(i, j)).isCloseTo(expected, within(1e-9));
                assertThat(openCv.get(i, j)).isCloseTo(expected, within(1e-9));
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
        for (double v : HalfScale.openCv(image).data()) {
            assertThat(v).isCloseTo(117.0, within(1e-9));
        }
    }

    @Test
    void shouldUseKeysKernelValues() {
        // Given / When / Then a = -0.5 interpolates (1 at 0, 0 at integers), a = -0.75 at 1.5
        assertThat(HalfScale.cubic(0, -0.5)).isEqualTo(1.0);
        assertThat(HalfScale.cubic(1, -0.5)).isCloseTo(0.0, within(1e-15));
        assertThat(HalfScale.cubic(2, -0.5)).isCloseTo(0.0, within(1e-15));
        assertThat(HalfScale.cubic(0.5, -0.75)).isCloseTo(0.59375, within(1e-15));
        assertThat(HalfScale.cubic(1.5, -0.75)).isCloseTo(-0.09375, within(1e-15));
    }
}
