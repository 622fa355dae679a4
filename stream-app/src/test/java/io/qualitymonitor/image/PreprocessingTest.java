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
        long[][] o = CropGrid.origins(640, 480, 224, 4);
        assertThat(o).isDeepEqualTo(new long[][] {{48, 8}, {368, 8}, {48, 248}, {368, 248}});
        // a small image: all crops clamp to the edges
        assertThat(CropGrid.origins(224, 224, 224, 5)).isDeepEqualTo(new long[5][2]);
    }

    @Test
    void shouldPlaceSquareCountsOnAnEvenGridOfCellCentres() {
        // 3 x 3 cells of 256 x 170.67 on 768 x 512: centres at 1/6, 1/2, 5/6 of each side
        long[][] o = CropGrid.origins(768, 512, 128, 9);
        assertThat(o[0]).containsExactly(64, 21);
        assertThat(o[4]).containsExactly(320, 192);
        assertThat(o[8]).containsExactly(576, 362);
        // row by row, left to right; the 2 x 2 grid is the quadrant layout
        assertThat(o[1]).containsExactly(320, 21);
        assertThat(CropGrid.origins(640, 480, 224, 4))
                .isDeepEqualTo(java.util.Arrays.copyOf(CropGrid.origins(640, 480, 224, 5), 4));
        assertThat(CropGrid.origins(500, 500, 128, 64)).hasNumberOfRows(64);
    }

    @Test
    void shouldRejectCropCountsThatAreNeitherFiveNorASquare() {
        for (int crops : new int[] {0, -4, 2, 3, 6, 8, 81}) {
            assertThat(CropGrid.valid(crops)).as("%d crops", crops).isFalse();
        }
        assertThat(CropGrid.valid(16)).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CropGrid.origins(768, 512, 128, 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("crops must be 5 or a square number n * n (n = 1..8), got 6");
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
        assertThat(crops.viewsPerImage()).isEqualTo(8);
    }

    @Test
    void shouldReadALargeImageAtTheWorkingSizeAsIfItHadBeenUploadedThere() {
        // Given a grid with a working size of 128 px and an image of twice that
        MultiScaleCrops crops = new MultiScaleCrops(64, 4, new double[] {1.0, 0.5}, UNIT, 128);
        BufferedImage large = TestImages.pattern(256, 170);
        // When it is written, and the same image shrunk to 128 x 85 is written without the cap
        float[] capped = new float[crops.floatsPerImage()];
        crops.write(large, capped, 0);
        float[] shrunk = new float[crops.floatsPerImage()];
        crops.withMaxSide(0).write(Resizer.resize(large, 128, 85), shrunk, 0);
        float[] asDecoded = new float[crops.floatsPerImage()];
        crops.withMaxSide(0).write(large, asDecoded, 0);
        // Then the capped crops are the shrunk image's, and differ from the full-size crops
        assertThat(capped).containsExactly(shrunk);
        assertThat(capped).isNotEqualTo(asDecoded);
        assertThat(Resizer.fitWithin(TestImages.pattern(100, 60), 128).getWidth()).isEqualTo(100);
        assertThat(crops.describe()).contains("at most 128 px");
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
