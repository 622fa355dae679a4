package io.qualitymonitor.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks that a window of a resize is the same pixels as the resize cropped, at a crop's cost. */
class ResizerWindowTest {
    private static final Normalisation UNIT =
            new Normalisation(new float[] {0, 0, 0}, new float[] {1, 1, 1});

    @ParameterizedTest
    @CsvSource({
        "97, 61, 48, 30, 5, 3, 16",
        "97, 61, 300, 190, 111, 70, 64",
        "97, 61, 97, 61, 10, 20, 32",
        "40, 3, 1707, 128, 800, 0, 128",
        "640, 480, 213, 160, 100, 31, 64"
    })
    void shouldGiveTheSamePixelsAsAResizeThenACrop(
            int w, int h, int width, int height, int x0, int y0, int size) {
        // Given an image and the full resize of it
        BufferedImage src = TestImages.texture(w, h);
        BufferedImage full = Resizer.resize(src, width, height);
        // When only the window is computed
        int[] window = Resizer.window(src, width, height, x0, y0, size);
        // Then it equals the crop of the full resize, pixel for pixel
        int[] crop = full.getRGB(x0, y0, size, size, null, 0, size);
        for (int i = 0; i < crop.length; i++) {
            crop[i] &= 0xffffff;
        }
        assertThat(window).containsExactly(crop);
    }

    @Test
    void shouldCropAStripOfExtremeAspectWithoutBuildingTheEnlargedImage() {
        // Given a 40000 x 1 strip and the default bundle's grid (16 crops of 128 px, 3 scales),
        // whose enlarged scale-1 image would be 5 120 000 x 128 pixels (2.6 GB of ints)
        MultiScaleCrops grid = new MultiScaleCrops(128, 16, new double[] {1.0, 0.75, 0.5}, UNIT);
        CentreCrop centre = new CentreCrop(224, UNIT);
        BufferedImage strip = TestImages.pattern(40_000, 1);
        float[] crops = new float[grid.floatsPerImage()];
        float[] one = new float[centre.floatsPerImage()];
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        // When both write their views, and the transposed strip's
        grid.write(strip, crops, 0);
        centre.write(strip, one, 0);
        grid.write(TestImages.pattern(1, 40_000), crops, 0);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // Then they cost a few crops' worth of memory, and the crops hold the strip's colours
        assertThat(allocated).as("bytes allocated").isLessThan(64L * 1024 * 1024);
        assertThat(max(crops)).as("brightest value of the crops").isGreaterThan(0.5f);
        assertThat(max(one)).as("brightest value of the centre crop").isGreaterThan(0.5f);
    }

    private static float max(float[] values) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
