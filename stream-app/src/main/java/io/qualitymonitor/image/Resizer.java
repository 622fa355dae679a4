package io.qualitymonitor.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Resizes RGB images with Java2D's bilinear loops, halving step by step when shrinking by more than
 * 2x so that no pixel is skipped (each halving averages 2x2 pixels).
 *
 * <p>This is the fast path: DJL's {@code Image.resize} goes through NDArrays and costs 30-70 ms per
 * image more.
 */
public final class Resizer {
    private Resizer() {}

    /** Returns {@code src} resized to {@code width} x {@code height}, or itself when equal. */
    public static BufferedImage resize(BufferedImage src, int width, int height) {
        BufferedImage cur = src;
        int w = src.getWidth();
        int h = src.getHeight();
        while (w >= 2 * width && h >= 2 * height && (w > width || h > height)) {
            w = Math.max(width, w / 2);
            h = Math.max(height, h / 2);
            cur = draw(cur, w, h);
        }
        return w == width && h == height ? cur : draw(cur, width, height);
    }

    /**
     * Returns {@code src} scaled by {@code factor} (rounded), then enlarged so that its shorter
     * side is at least {@code minSide}.
     */
    public static BufferedImage scale(BufferedImage src, double factor, int minSide) {
        long w = src.getWidth();
        long h = src.getHeight();
        if (factor != 1.0) {
            w = Math.max(1, Math.round(w * factor));
            h = Math.max(1, Math.round(h * factor));
        }
        if (Math.min(w, h) < minSide) {
            double f = minSide / (double) Math.min(w, h);
            w = Math.max(minSide, Math.round(w * f));
            h = Math.max(minSide, Math.round(h * f));
        }
        return resize(src, (int) w, (int) h);
    }

    /** Returns {@code src} with its shorter side resized to {@code side}, aspect kept. */
    public static BufferedImage shorterSideTo(BufferedImage src, int side) {
        double f = side / (double) Math.min(src.getWidth(), src.getHeight());
        int w = (int) Math.max(side, Math.round(src.getWidth() * f));
        int h = (int) Math.max(side, Math.round(src.getHeight() * f));
        return resize(src, w, h);
    }

    private static BufferedImage draw(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_SPEED);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
