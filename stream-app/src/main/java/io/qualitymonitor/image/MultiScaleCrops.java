package io.qualitymonitor.image;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Returns a crop-grid input (the low-level branch's, and the vision-language branch's when its
 * bundle names crops): the image first brought to its working size (longer side at most {@code
 * maxSide}), then per scale the working image resized by the scale and {@code crops} square crops
 * on the grid, each normalised to float CHW (docs/model-bundle.md).
 *
 * @param cropSize side of each crop
 * @param crops crops per scale, placed by {@link CropGrid}: 5 or n * n
 * @param scales resize factors in (0, 1], e.g. {1.0, 0.5}
 * @param norm channel normalisation
 * @param maxSide longest side of the working image, 0 for the image as decoded: a bundle with it
 *     reads a 4000 px upload at the scale it reads a 512 px one
 */
public record MultiScaleCrops(
        int cropSize, int crops, double[] scales, Normalisation norm, int maxSide)
        implements TensorInput {

    /** Returns a crop grid that reads images at the size they were decoded at. */
    public MultiScaleCrops(int cropSize, int crops, double[] scales, Normalisation norm) {
        this(cropSize, crops, scales, norm, 0);
    }

    /** Returns this grid with another working size (0: none). */
    public MultiScaleCrops withMaxSide(int side) {
        return new MultiScaleCrops(cropSize, crops, scales, norm, side);
    }

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
        return crops
                + " crops of "
                + cropSize
                + " px at scales "
                + Arrays.toString(scales)
                + (maxSide > 0
                        ? " of the image with its longer side at most " + maxSide + " px"
                        : "");
    }

    /** Writes the crops of {@code img}, scale by scale, into {@code dst} at {@code offset}. */
    @Override
    public void write(BufferedImage img, float[] dst, int offset) {
        int per = 3 * cropSize * cropSize;
        int at = offset;
        BufferedImage work = Resizer.fitWithin(img, maxSide);
        for (double s : scales) {
            // Each crop is computed from the source rows it reads, never the whole scaled image:
            // a 40000 x 1 strip scaled to a 128 px shorter side would be 655 megapixels.
            long[] size = Resizer.scaledSize(work.getWidth(), work.getHeight(), s, cropSize);
            for (long[] o : CropGrid.origins(size[0], size[1], cropSize, crops)) {
                int[] px = Resizer.window(work, size[0], size[1], o[0], o[1], cropSize);
                norm.writeChw(px, cropSize, 0, 0, cropSize, dst, at);
                at += per;
            }
        }
    }
}
