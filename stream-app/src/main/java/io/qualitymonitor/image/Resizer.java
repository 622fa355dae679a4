package io.qualitymonitor.image;

import java.awt.image.BufferedImage;

/**
 * Resizes RGB images with the same separable bilinear filter as Pillow's {@code Image.resize(size,
 * BILINEAR)}: the triangle kernel is widened by the shrink factor (so shrinking averages every
 * source pixel instead of skipping some), coefficients in 22-bit fixed point, one rounding to 8
 * bits after each pass. The Python training code resizes with Pillow, so features computed here
 * match the ones the model was trained on.
 *
 * <p>This is the fast path: plain array loops on packed RGB, no NDArrays (DJL's {@code
 * Image.resize} costs 30-70 ms per image more). Java2D's bilinear {@code drawImage} is not used: it
 * samples without widening the kernel and so differs from training when shrinking.
 */
public final class Resizer {
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);

    private Resizer() {}

    /** Returns {@code src} resized to {@code width} x {@code height}, or itself when equal. */
    public static BufferedImage resize(BufferedImage src, int width, int height) {
        int w = src.getWidth();
        int h = src.getHeight();
        if (w == width && h == height) {
            return src;
        }
        int[] px = Pixels.rgb(src);
        if (w != width) {
            px = horizontal(px, w, h, width, Kernel.of(w, width));
        }
        if (h != height) {
            px = vertical(px, width, height, Kernel.of(h, height));
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        out.getRaster().setDataElements(0, 0, width, height, px);
        return out;
    }

    /**
     * Returns {@code src} shrunk so that its longer side is {@code maxSide} (sides rounded, aspect
     * kept), or itself when it is no larger or {@code maxSide} is 0.
     */
    public static BufferedImage fitWithin(BufferedImage src, int maxSide) {
        int w = src.getWidth();
        int h = src.getHeight();
        if (maxSide <= 0 || Math.max(w, h) <= maxSide) {
            return src;
        }
        double f = maxSide / (double) Math.max(w, h);
        return resize(
                src, (int) Math.max(1, Math.round(w * f)), (int) Math.max(1, Math.round(h * f)));
    }

    /**
     * Returns {@code src} scaled by {@code factor} (rounded), then enlarged so that its shorter
     * side is at least {@code minSide}.
     */
    public static BufferedImage scale(BufferedImage src, double factor, int minSide) {
        long[] size = scaledSize(src.getWidth(), src.getHeight(), factor, minSide);
        return resize(src, Math.toIntExact(size[0]), Math.toIntExact(size[1]));
    }

    /**
     * Returns the {width, height} that {@link #scale} gives a {@code w} x {@code h} image, without
     * resizing anything: a 40000 x 1 strip enlarged to a 128 px shorter side is 5 120 000 px wide.
     */
    public static long[] scaledSize(long w, long h, double factor, int minSide) {
        if (factor != 1.0) {
            w = Math.max(1, Math.round(w * factor));
            h = Math.max(1, Math.round(h * factor));
        }
        if (Math.min(w, h) < minSide) {
            double f = minSide / (double) Math.min(w, h);
            w = Math.max(minSide, Math.round(w * f));
            h = Math.max(minSide, Math.round(h * f));
        }
        return new long[] {w, h};
    }

    /** Returns {@code src} with its shorter side resized to {@code side}, aspect kept. */
    public static BufferedImage shorterSideTo(BufferedImage src, int side) {
        long[] size = shorterSideSize(src.getWidth(), src.getHeight(), side);
        return resize(src, Math.toIntExact(size[0]), Math.toIntExact(size[1]));
    }

    /** Returns the {width, height} that {@link #shorterSideTo} gives, without resizing. */
    public static long[] shorterSideSize(long w, long h, int side) {
        double f = side / (double) Math.min(w, h);
        return new long[] {Math.max(side, Math.round(w * f)), Math.max(side, Math.round(h * f))};
    }

    /**
     * Returns the {@code size} x {@code size} window at ({@code x0}, {@code y0}) of {@code src}
     * resized to {@code width} x {@code height}, as packed RGB, the same pixels {@link #resize}
     * then a crop give. Only the window is computed, from the source rows it reads: a crop of an
     * image enlarged a thousandfold costs the crop, not the enlarged image.
     */
    public static int[] window(
            BufferedImage src, long width, long height, long x0, long y0, int size) {
        int w = src.getWidth();
        int h = src.getHeight();
        Kernel kx = Kernel.of(w, width, x0, size);
        Kernel ky = Kernel.of(h, height, y0, size);
        int firstRow = ky.start[0];
        int lastRow = firstRow;
        for (int i = 0; i < size; i++) {
            lastRow = Math.max(lastRow, ky.start[i] + ky.weights[i].length);
        }
        int rows = lastRow - firstRow;
        int[] band = new int[rows * w];
        if (src.getType() == BufferedImage.TYPE_INT_RGB) {
            src.getRaster().getDataElements(0, firstRow, w, rows, band);
        } else {
            src.getRGB(0, firstRow, w, rows, band, 0, w);
        }
        int[] across = horizontal(band, w, rows, size, kx);
        int[] shiftedStart = new int[size];
        for (int i = 0; i < size; i++) {
            shiftedStart[i] = ky.start[i] - firstRow;
        }
        return vertical(across, size, size, new Kernel(shiftedStart, ky.weights));
    }

    /** Returns the image {@code w} x {@code h} resampled along x to {@code out} columns. */
    private static int[] horizontal(int[] in, int w, int h, int out, Kernel k) {
        int[] dst = new int[out * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < out; x++) {
                int base = row + k.start[x];
                int[] weights = k.weights[x];
                int r = HALF;
                int g = HALF;
                int b = HALF;
                for (int i = 0; i < weights.length; i++) {
                    int p = in[base + i];
                    int kw = weights[i];
                    r += ((p >> 16) & 0xff) * kw;
                    g += ((p >> 8) & 0xff) * kw;
                    b += (p & 0xff) * kw;
                }
                dst[y * out + x] = (clip8(r) << 16) | (clip8(g) << 8) | clip8(b);
            }
        }
        return dst;
    }

    /**
     * Returns the image {@code w} x {@code h} resampled along y to {@code out} rows; accumulates
     * whole source rows so that memory is read in order.
     */
    private static int[] vertical(int[] in, int w, int out, Kernel k) {
        int[] dst = new int[w * out];
        int[] r = new int[w];
        int[] g = new int[w];
        int[] b = new int[w];
        for (int y = 0; y < out; y++) {
            java.util.Arrays.fill(r, HALF);
            java.util.Arrays.fill(g, HALF);
            java.util.Arrays.fill(b, HALF);
            int[] weights = k.weights[y];
            for (int i = 0; i < weights.length; i++) {
                int kw = weights[i];
                int row = (k.start[y] + i) * w;
                for (int x = 0; x < w; x++) {
                    int p = in[row + x];
                    r[x] += ((p >> 16) & 0xff) * kw;
                    g[x] += ((p >> 8) & 0xff) * kw;
                    b[x] += (p & 0xff) * kw;
                }
            }
            int at = y * w;
            for (int x = 0; x < w; x++) {
                dst[at + x] = (clip8(r[x]) << 16) | (clip8(g[x]) << 8) | clip8(b[x]);
            }
        }
        return dst;
    }

    private static int clip8(int v) {
        if (v >= (1 << PRECISION_BITS << 8)) {
            return 255;
        }
        return v <= 0 ? 0 : v >> PRECISION_BITS;
    }

    /** Per output pixel: the first source pixel and the fixed-point weights from there. */
    private record Kernel(int[] start, int[][] weights) {
        static Kernel of(int inSize, int outSize) {
            return of(inSize, outSize, 0, outSize);
        }

        /** Returns the kernel of output pixels {@code from .. from + count - 1} only. */
        static Kernel of(int inSize, long outSize, long from, int count) {
            double scale = inSize / (double) outSize;
            double filterScale = Math.max(1.0, scale);
            double support = filterScale;
            int[] start = new int[count];
            int[][] weights = new int[count][];
            for (int j = 0; j < count; j++) {
                double centre = (from + j + 0.5) * scale;
                int min = Math.max(0, (int) (centre - support + 0.5));
                int max = Math.min(inSize, (int) (centre + support + 0.5)) - min;
                double[] k = new double[Math.max(0, max)];
                double sum = 0;
                for (int i = 0; i < k.length; i++) {
                    double d = Math.abs((i + min - centre + 0.5) / filterScale);
                    k[i] = d < 1.0 ? 1.0 - d : 0.0;
                    sum += k[i];
                }
                int[] fixed = new int[k.length];
                for (int i = 0; i < k.length; i++) {
                    double v = sum == 0 ? k[i] : k[i] / sum;
                    fixed[i] =
                            (int)
                                    (v < 0
                                            ? -0.5 + v * (1 << PRECISION_BITS)
                                            : 0.5 + v * (1 << PRECISION_BITS));
                }
                start[j] = min;
                weights[j] = fixed;
            }
            return new Kernel(start, weights);
        }
    }
}
