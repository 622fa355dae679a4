package io.qualitymonitor.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Builds test images in memory: a smooth colour pattern with some texture, encoded by ImageIO. */
public final class TestImages {
    private TestImages() {}

    /** Returns a {@code w} x {@code h} RGB image whose pixel values depend on position. */
    public static BufferedImage pattern(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255) / Math.max(1, w - 1);
                int g = (y * 255) / Math.max(1, h - 1);
                int b = ((x / 8 + y / 8) % 2) * 200 + 20;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /**
     * Returns a photo-like {@code w} x {@code h} image: sinusoids at odd angles plus fine noise.
     */
    public static BufferedImage texture(int w, int h) {
        java.util.Random rnd = new java.util.Random(42);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = Math.sin(x * 0.137 + y * 0.051) + Math.sin(x * 0.029 - y * 0.173);
                int r = clamp(128 + 50 * v + rnd.nextGaussian() * 4);
                int g =
                        clamp(
                                128
                                        + 40 * Math.sin(x * 0.071) * Math.cos(y * 0.093)
                                        + rnd.nextGaussian() * 4);
                int b = clamp(128 - 45 * v + rnd.nextGaussian() * 4);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Returns {@code img} encoded in {@code format} (png, jpg, bmp, gif). */
    public static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalArgumentException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
