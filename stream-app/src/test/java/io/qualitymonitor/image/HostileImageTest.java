package io.qualitymonitor.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Damaged files of every format: decoding succeeds or fails with a typed error, nothing else. */
class HostileImageTest {
    private static final Path DIR = Path.of("src/test/resources/images");
    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "cmyk.jpg", "progressive.jpg", "lossless.webp", "lossy.webp", "palette.png",
                "alpha.png", "lzw.tiff", "plain.bmp", "animated.gif", "orientation6.jpg"
            })
    void shouldNeverLetAnythingButATypedErrorEscapeFromDamagedCopies(String name) throws Exception {
        // Given truncations at every tenth of the file and random byte flips
        byte[] original = Files.readAllBytes(DIR.resolve(name));
        Random rnd = new Random(name.hashCode());
        for (int i = 0; i < 200; i++) {
            byte[] damaged;
            if (i < 10) {
                damaged = Arrays.copyOf(original, original.length * i / 10);
            } else {
                damaged = original.clone();
                for (int f = 0; f < 1 + rnd.nextInt(8); f++) {
                    damaged[rnd.nextInt(damaged.length)] = (byte) rnd.nextInt(256);
                }
            }
            // When it is decoded, Then it either decodes or throws ImageDecodeException
            try {
                DecodedImage img = decoder.decode(damaged);
                assertThat(img.width() * (long) img.height()).isPositive();
            } catch (ImageDecodeException e) {
                assertThat(e.reason()).isNotNull();
                assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
            }
        }
    }
}
