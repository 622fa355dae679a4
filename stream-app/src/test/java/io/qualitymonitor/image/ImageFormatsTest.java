package io.qualitymonitor.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decodes the format variants written by qm_training.make_test_images (red left, blue right). */
class ImageFormatsTest {
    private static final Path DIR = Path.of("src/test/resources/images");
    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT);

    private DecodedImage decode(String name) throws Exception {
        return decoder.decode(Files.readAllBytes(DIR.resolve(name)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "cmyk.jpg",
                "progressive.jpg",
                "lossless.webp",
                "lossy.webp",
                "palette.png",
                "alpha.png",
                "lzw.tiff",
                "plain.bmp",
                "animated.gif"
            })
    void shouldDecodeEachVariantToRedLeftAndBlueRight(String name) throws Exception {
        // When the file is decoded
        DecodedImage img = decode(name);
        // Then size and colours survive (the GIF's first frame, CMYK converted to RGB)
        assertThat(img.width()).isEqualTo(64);
        assertThat(img.height()).isEqualTo(32);
        assertThat(isRed(img.rgb().getRGB(8, 16))).as("left half of %s is red", name).isTrue();
        assertThat(isBlue(img.rgb().getRGB(56, 16))).as("right half of %s is blue", name).isTrue();
    }

    @Test
    void shouldTurnAnImageUprightByItsExifOrientation() throws Exception {
        // Given a 64x32 JPEG whose EXIF orientation 6 says "turn 90 degrees clockwise"
        DecodedImage img = decode("orientation6.jpg");
        // Then it is 32x64 with the stored left half (red) on top
        assertThat(img.width()).isEqualTo(32);
        assertThat(img.height()).isEqualTo(64);
        assertThat(isRed(img.rgb().getRGB(16, 8))).isTrue();
        assertThat(isBlue(img.rgb().getRGB(16, 56))).isTrue();
    }

    @Test
    void shouldComposeTheTransparentCornerOverWhite() throws Exception {
        assertThat(decode("alpha.png").rgb().getRGB(0, 0) & 0xffffff).isEqualTo(0xffffff);
    }

    private static boolean isRed(int rgb) {
        return ((rgb >> 16) & 0xff) > 170 && ((rgb >> 8) & 0xff) < 80 && (rgb & 0xff) < 80;
    }

    private static boolean isBlue(int rgb) {
        return ((rgb >> 16) & 0xff) < 80 && ((rgb >> 8) & 0xff) < 80 && (rgb & 0xff) > 170;
    }
}
