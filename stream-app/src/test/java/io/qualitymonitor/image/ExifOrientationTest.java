package io.qualitymonitor.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExifOrientationTest {

    @ParameterizedTest
    @CsvSource({
        // orientation, where the stored top-left pixel ends up (x, y) in a 3x2 stored image
        "1, 0, 0",
        "2, 2, 0",
        "3, 2, 1",
        "4, 0, 1",
        "5, 0, 0",
        "6, 1, 0",
        "7, 1, 2",
        "8, 0, 2"
    })
    void shouldMoveTheTopLeftPixelWhereTheOrientationSays(int orientation, int x, int y) {
        // Given a 3x2 image whose only marked pixel is the stored top-left one
        BufferedImage src = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        src.setRGB(0, 0, 0xffffff);
        // When it is turned upright
        BufferedImage out = ExifOrientation.apply(src, orientation);
        // Then the size swaps for 5-8 and the marked pixel lands at (x, y)
        assertThat(out.getWidth()).isEqualTo(orientation >= 5 ? 2 : 3);
        assertThat(out.getRGB(x, y) & 0xffffff).isEqualTo(0xffffff);
    }
}
