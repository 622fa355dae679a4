package io.qualitymonitor.image.nss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class GrayImageTest {

    private static BufferedImage rgb(int... pixels) {
        BufferedImage image = new BufferedImage(pixels.length, 1, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < pixels.length; i++) {
            image.setRGB(i, 0, pixels[i]);
        }
        return image;
    }

    @Test
    void shouldRoundMatlabRgb2GrayLikeMatlab() {
        // Given red, (10, 20, 30) and white
        BufferedImage image = rgb(0xff0000, 0x0a141e, 0xffffff);

        // When
        GrayImage gray = GrayImage.matlabRgb2Gray(image);

        // Then 0.298936 * 255 = 76.23 -> 76; 2.989 + 11.741 + 3.421 = 18.15 -> 18; 255
        assertThat(gray.data()).containsExactly(76.0, 18.0, 255.0);
    }

    @Test
    void shouldUseOpenCvFixedPointGray() {
        // Given red, green and blue
        BufferedImage image = rgb(0xff0000, 0x00ff00, 0x0000ff);

        // When
        GrayImage gray = GrayImage.openCvGray(image);

        // Then (255 * 4899 + 8192) >> 14 = 76, (255 * 9617 + 8192) >> 14 = 150, 29
        assertThat(gray.data()).containsExactly(76.0, 150.0, 29.0);
    }

    @Test
    void shouldReadGreyImagesWithoutColourConversion() {
        // Given an 8-bit grey image with level 100 (getRGB would brighten it)
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(0, 0, 0, 100);
        image.getRaster().setSample(1, 0, 0, 3);

        // When / Then
        assertThat(GrayImage.matlabRgb2Gray(image).data()).containsExactly(100.0, 3.0);
        assertThat(GrayImage.openCvGray(image).data()).containsExactly(100.0, 3.0);
    }

    @Test
    void shouldScaleSixteenBitGreyToEightBits() {
        // Given a 16-bit grey image with levels 65535 and 257 * 10
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSample(0, 0, 0, 65535);
        image.getRaster().setSample(1, 0, 0, 2570);

        // When / Then
        assertThat(GrayImage.matlabRgb2Gray(image).data()).containsExactly(255.0, 10.0);
    }

    @Test
    void shouldRejectDataOfWrongLength() {
        // Given / When / Then
        assertThatThrownBy(() -> new GrayImage(3, 3, new double[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3x3");
    }
}
