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
        BufferedImage scaled = Resizer.shorterSideTo(img, size);
        int x = (scaled.getWidth() - size) / 2;
        int y = (scaled.getHeight() - size) / 2;
        norm.writeChw(Pixels.rgb(scaled), scaled.getWidth(), x, y, size, dst, offset);
    }
}
