package io.qualitymonitor.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compares {@link Resizer} with Pillow 9.4's bilinear resize (fixtures written by Pillow). */
class ResizerTest {
    private static final String DIR = "src/test/resources/images/resize/";

    @ParameterizedTest
    @CsvSource({"48, 30", "36, 23", "13, 9", "165, 104", "97, 30", "224, 224"})
    void shouldResizeExactlyAsPillowBilinear(int w, int h) throws Exception {
        // Given the source and Pillow's resize of it
        byte[] source = Files.readAllBytes(Path.of(DIR + "source-97x61.png"));
        BufferedImage src = new ImageDecoder(DecodeLimits.DEFAULT).decode(source).rgb();
        BufferedImage pillow = ImageIO.read(new File(DIR + "pillow-" + w + "x" + h + ".png"));
        // When Java resizes the same pixels
        BufferedImage ours = Resizer.resize(src, w, h);
        // Then every channel of every pixel is equal
        int worst = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = ours.getRGB(x, y);
                int b = pillow.getRGB(x, y);
                for (int s = 0; s <= 16; s += 8) {
                    worst = Math.max(worst, Math.abs(((a >> s) & 0xff) - ((b >> s) & 0xff)));
                }
            }
        }
        assertThat(worst).as("largest channel difference to Pillow").isZero();
    }
}
