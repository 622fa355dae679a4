package io.qualitymonitor.image;

import java.awt.image.BufferedImage;

/**
 * Returns the vision-language branch's input: shorter side resized to {@code size}, centre crop,
 * normalised to float CHW.
 *
 * @param size side of the square input
 * @param norm channel normalisation
 */
public record CentreCrop(int size, Normalisation norm) implements TensorInput {

    /** Returns 1: the centre crop. */
    @Override
    public int viewsPerImage() {
        return 1;
    }

    @Override
    public int side() {
        return size;
    }

    @Override
    public String describe() {
        return "one " + size + " px centre crop";
    }

    /** Writes the centre crop of {@code img} into {@code dst} at {@code offset}. */
    @Override
    public void write(BufferedImage img, float[] dst, int offset) {
        // Only the crop is computed: the whole resized image of a 40000 x 1 strip is gigabytes.
        long[] scaled = Resizer.shorterSideSize(img.getWidth(), img.getHeight(), size);
        long x = (scaled[0] - size) / 2;
        long y = (scaled[1] - size) / 2;
        int[] px = Resizer.window(img, scaled[0], scaled[1], x, y, size);
        norm.writeChw(px, size, 0, 0, size, dst, offset);
    }
}
