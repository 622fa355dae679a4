package io.qualitymonitor.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;

/**
 * Converts any decoded image to {@code TYPE_INT_RGB}: greyscale by copying the grey level (Java2D
 * would treat grey as linear light and brighten it), alpha composed over white.
 */
final class RgbConverter {
    private RgbConverter() {}

    static BufferedImage toRgb(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        int bands = src.getRaster().getNumBands();
        if (bands <= 2 && src.getColorModel().getNumColorComponents() == 1) {
            return fromGrey(src.getRaster(), bands == 2);
        }
        BufferedImage out =
                new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            if (src.getColorModel().hasAlpha()) {
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, src.getWidth(), src.getHeight());
            }
            g.drawImage(src, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage fromGrey(Raster raster, boolean alpha) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int greyMax = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
        int alphaMax = alpha ? (1 << raster.getSampleModel().getSampleSize(1)) - 1 : 1;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int[] grey = new int[w];
        int[] a = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, grey);
            if (alpha) {
                raster.getSamples(0, y, w, 1, 1, a);
            }
            for (int x = 0; x < w; x++) {
                double v = grey[x] * 255.0 / greyMax;
                if (alpha) {
                    double f = a[x] / (double) alphaMax;
                    v = v * f + 255.0 * (1 - f);
                }
                int g = (int) Math.round(v);
                dst[y * w + x] = (g << 16) | (g << 8) | g;
            }
        }
        return out;
    }
}
