package io.qualitymonitor.image.nss;

/**
 * Halves an image with bicubic interpolation, the way each reference implementation does.
 *
 * <p>MATLAB's {@code imresize(im, 0.5)} widens the cubic kernel (a = -0.5) by two to anti-alias and
 * mirrors at the borders; OpenCV's {@code resize(INTER_CUBIC)} samples the plain cubic kernel (a =
 * -0.75) and replicates the border. Both are separable; rows are resized first, then columns.
 */
public final class HalfScale {

    private HalfScale() {}

    /** Returns MATLAB's {@code imresize(image, 0.5)} (bicubic, anti-aliased). */
    public static GrayImage matlab(GrayImage image) {
        int outH = (image.height() + 1) / 2;
        int outW = (image.width() + 1) / 2;
        Taps rows = matlabTaps(image.height(), outH);
        Taps cols = matlabTaps(image.width(), outW);
        return separable(image, rows, cols);
    }

    /** Source indices and weights for each output position, {@code n} taps each. */
    private record Taps(int n, int[] index, double[] weight) {}

    private static Taps matlabTaps(int inLength, int outLength) {
        double scale = (double) outLength / inLength;
        double kernelWidth = 4.0 / scale;
        int n = (int) Math.ceil(kernelWidth) + 2;
        int[] index = new int[outLength * n];
        double[] weight = new double[outLength * n];
        for (int o = 0; o < outLength; o++) {
            double u = (o + 1) / scale + 0.5 * (1 - 1 / scale);
            int left = (int) Math.floor(u - kernelWidth / 2);
            double sum = 0;
            for (int k = 0; k < n; k++) {
                int j = left + k;
                double w = scale * cubic((u - j) * scale, -0.5);
                weight[o * n + k] = w;
                index[o * n + k] = mirror(j - 1, inLength);
                sum += w;
            }
            for (int k = 0; k < n; k++) {
                weight[o * n + k] /= sum;
            }
        }
        return new Taps(n, index, weight);
    }

    /** Keys' cubic convolution kernel with parameter {@code a}. */
    static double cubic(double x, double a) {
        double ax = Math.abs(x);
        double ax2 = ax * ax;
        double ax3 = ax2 * ax;
        if (ax <= 1) {
            return (a + 2) * ax3 - (a + 3) * ax2 + 1;
        }
        if (ax <= 2) {
            return a * ax3 - 5 * a * ax2 + 8 * a * ax - 4 * a;
        }
        return 0;
    }

    /** MATLAB's symmetric padding: index sequence 0..n-1, n-1..0, repeated. */
    private static int mirror(int i, int n) {
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }

    private static GrayImage separable(GrayImage image, Taps rows, Taps cols) {
        int inW = image.width();
        int outH = rows.index().length / rows.n();
        int outW = cols.index().length / cols.n();
        double[] src = image.data();
        double[] tmp = new double[outH * inW];
        for (int o = 0; o < outH; o++) {
            for (int k = 0; k < rows.n(); k++) {
                double w = rows.weight()[o * rows.n() + k];
                if (w == 0) {
                    continue;
                }
                int base = rows.index()[o * rows.n() + k] * inW;
                for (int x = 0; x < inW; x++) {
                    tmp[o * inW + x] += w * src[base + x];
                }
            }
        }
        double[] out = new double[outH * outW];
        for (int y = 0; y < outH; y++) {
            for (int o = 0; o < outW; o++) {
                double acc = 0;
                for (int k = 0; k < cols.n(); k++) {
                    acc +=
                            cols.weight()[o * cols.n() + k]
                                    * tmp[y * inW + cols.index()[o * cols.n() + k]];
                }
                out[y * outW + o] = acc;
            }
        }
        return new GrayImage(outW, outH, out);
    }
}
