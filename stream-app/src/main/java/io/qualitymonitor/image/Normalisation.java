package io.qualitymonitor.image;

import java.awt.image.BufferedImage;

/**
 * Returns per-channel normalisation {@code (v / 255 - mean) / std} and writes square RGB regions as
 * float CHW.
 *
 * @param mean three channel means, in [0,1]
 * @param std three channel standard deviations, positive
 */
public record Normalisation(float[] mean, float[] std) {

    /** Validates three values each, std positive. */
    public Normalisation {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values each");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * Writes the {@code size} x {@code size} region at ({@code x0}, {@code y0}) of {@code pixels}
     * (packed RGB, row stride {@code width}) into {@code dst} at {@code offset}, as 3 planes.
     */
    public void writeChw(
            int[] pixels, int width, int x0, int y0, int size, float[] dst, int offset) {
        int plane = size * size;
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = 1f / (255f * std[c]);
            shift[c] = mean[c] / std[c];
        }
        for (int y = 0; y < size; y++) {
            int src = (y0 + y) * width + x0;
            int d = offset + y * size;
            for (int x = 0; x < size; x++) {
                int p = pixels[src + x];
                dst[d + x] = ((p >> 16) & 0xff) * scale[0] - shift[0];
                dst[d + plane + x] = ((p >> 8) & 0xff) * scale[1] - shift[1];
                dst[d + 2 * plane + x] = (p & 0xff) * scale[2] - shift[2];
            }
        }
    }

    /**
     * Writes the whole square image {@code img} as float CHW into {@code dst} at {@code offset}.
     */
    public void writeChw(BufferedImage img, int x0, int y0, int size, float[] dst, int offset) {
        writeChw(Pixels.rgb(img), img.getWidth(), x0, y0, size, dst, offset);
    }
}
