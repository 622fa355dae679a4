package io.qualitymonitor.image.nss;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * A single-channel image of doubles in row-major order, on the 0-255 scale.
 *
 * <p>The two colour conversions reproduce the reference implementations to the last grey level:
 * MATLAB's {@code rgb2gray} on 8-bit input (rounded to 8 bits) and OpenCV's 8-bit {@code
 * COLOR_BGR2GRAY} (14-bit fixed point).
 *
 * @param width columns
 * @param height rows
 * @param data {@code height * width} values, row-major
 */
public record GrayImage(int width, int height, double[] data) {

    private static final double[] MATLAB_COEF = {
        0.298936021293775, 0.587043074451121, 0.114020904255103
    };

    /** Checks that the data length matches the size. */
    public GrayImage {
        if (width <= 0 || height <= 0 || data.length != width * height) {
            throw new IllegalArgumentException(
                    "grey image " + width + "x" + height + " needs " + width * height + " values");
        }
    }

    /** Returns the value at row {@code y}, column {@code x}. */
    public double get(int y, int x) {
        return data[y * width + x];
    }

    /** Returns MATLAB's {@code rgb2gray} of an 8-bit image (grey input is taken as is). */
    public static GrayImage matlabRgb2Gray(BufferedImage image) {
        return convert(
                image,
                (r, g, b) ->
                        Math.floor(
                                MATLAB_COEF[0] * r
                                        + MATLAB_COEF[1] * g
                                        + MATLAB_COEF[2] * b
                                        + 0.5));
    }

    /** Returns OpenCV's {@code cvtColor(COLOR_BGR2GRAY)} of an 8-bit image. */
    public static GrayImage openCvGray(BufferedImage image) {
        // OpenCV's 8-bit path: coefficients 4899, 9617, 1868 in 14-bit fixed point, rounded.
        return convert(image, (r, g, b) -> (r * 4899 + g * 9617 + b * 1868 + (1 << 13)) >> 14);
    }

    /** Returns the top-left {@code newHeight x newWidth} part of this image. */
    public GrayImage crop(int newHeight, int newWidth) {
        double[] out = new double[newHeight * newWidth];
        for (int y = 0; y < newHeight; y++) {
            System.arraycopy(data, y * width, out, y * newWidth, newWidth);
        }
        return new GrayImage(newWidth, newHeight, out);
    }

    private interface Weights {
        double apply(int r, int g, int b);
    }

    private static GrayImage convert(BufferedImage image, Weights weights) {
        int w = image.getWidth();
        int h = image.getHeight();
        double[] out = new double[w * h];
        Raster raster = image.getRaster();
        if (image.getColorModel().getNumColorComponents() == 1) {
            // getRGB would apply a linear-to-sRGB curve to grey images; read the raw levels.
            int bits = raster.getSampleModel().getSampleSize(0);
            double max = (1L << bits) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = raster.getSample(x, y, 0);
                    out[y * w + x] = bits == 8 ? v : Math.floor(v * 255.0 / max + 0.5);
                }
            }
            return new GrayImage(w, h, out);
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                out[y * w + x] = weights.apply((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff);
            }
        }
        return new GrayImage(w, h, out);
    }
}
