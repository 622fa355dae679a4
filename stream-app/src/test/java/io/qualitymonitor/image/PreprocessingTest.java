package io.qualitymonitor.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PreprocessingTest {
    private static final Normalisation UNIT =
            new Normalisation(new float[] {0, 0, 0}, new float[] {1, 1, 1});

    @Test
    void shouldPlaceFourCropsAtTheQuadrantCentresClampedInside() {
        int[][] o = CropGrid.origins(640, 480, 224, 4);
        assertThat(o).isDeepEqualTo(new int[][] {{48, 8}, {368, 8}, {48, 248}, {368, 248}});
        // a small image: all crops clamp to the edges
        assertThat(CropGrid.origins(224, 224, 224, 5)).isDeepEqualTo(new int[5][2]);
    }

    @Test
    void shouldWriteNormalisedChannelPlanes() {
        // Given a 2x2 image of one colour
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 4; i++) {
            img.setRGB(i % 2, i / 2, 0xff8000);
        }
        Normalisation n =
                new Normalisation(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.5f, 1f});
        float[] out = new float[12];
        // When it is written as CHW
        n.writeChw(img, 0, 0, 2, out, 0);
        // Then each plane holds (v/255 - mean)/std
        assertThat(out[0]).isCloseTo((1f - 0.5f) / 0.25f, within(1e-5f));
        assertThat(out[4]).isCloseTo((128 / 255f - 0.5f) / 0.5f, within(1e-5f));
        assertThat(out[8]).isCloseTo(-0.5f, within(1e-5f));
    }

    @Test
    void shouldUpscaleASmallImageSoThatCropsFit() {
        MultiScaleCrops crops = new MultiScaleCrops(64, 4, new double[] {1.0, 0.5}, UNIT);
        float[] out = new float[crops.floatsPerImage()];
        crops.write(TestImages.pattern(40, 30), out, 0);
        assertThat(out).isNotEmpty();
        assertThat(crops.cropsPerImage()).isEqualTo(8);
    }

    @Test
    void shouldAverageNeighboursWhenHalvingInsteadOfSkippingColumns() {
        // Given alternating black and white columns
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 8; x += 2) {
            for (int y = 0; y < 8; y++) {
                img.setRGB(x, y, 0xffffff);
            }
        }
        // When it is halved
        BufferedImage half = Resizer.resize(img, 4, 4);
        // Then every pixel is mid grey, not a sampled black or white column
        int v = half.getRGB(1, 1) & 0xff;
        assertThat(v).isBetween(110, 145);
    }

    @Test
    void shouldResizeTheShorterSideForTheCentreCrop() {
        BufferedImage r = Resizer.shorterSideTo(TestImages.pattern(600, 300), 224);
        assertThat(r.getHeight()).isEqualTo(224);
        assertThat(r.getWidth()).isEqualTo(448);
    }
}
