package io.qualitymonitor.image;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Returns a crop-grid input (the low-level branch's, and the vision-language branch's when its
 * bundle names crops): per scale, the image resized by the scale, then {@code crops} square crops
 * on the grid, each normalised to float CHW (docs/model-bundle.md).
 *
 * @param cropSize side of each crop
 * @param crops crops per scale, placed by {@link CropGrid}: 5 or n * n
 * @param scales resize factors in (0, 1], e.g. {1.0, 0.5}
 * @param norm channel normalisation
 */
public record MultiScaleCrops(int cropSize, int crops, double[] scales, Normalisation norm)
        implements TensorInput {

    /** Returns the number of crop tensors per image: {@code crops * scales.length}. */
    @Override
    public int viewsPerImage() {
        return crops * scales.length;
    }

    @Override
    public int side() {
        return cropSize;
    }

    @Override
    public String describe() {
        return crops + " crops of " + cropSize + " px at scales " + Arrays.toString(scales);
    }

    /** Writes the crops of {@code img}, scale by scale, into {@code dst} at {@code offset}. */
    @Override
    public void write(BufferedImage img, float[] dst, int offset) {
        int per = 3 * cropSize * cropSize;
        int at = offset;
        for (double s : scales) {
            BufferedImage scaled = Resizer.scale(img, s, cropSize);
            int[] px = Pixels.rgb(scaled);
            for (int[] o :
                    CropGrid.origins(scaled.getWidth(), scaled.getHeight(), cropSize, crops)) {
                norm.writeChw(px, scaled.getWidth(), o[0], o[1], cropSize, dst, at);
                at += per;
            }
        }
    }
}
