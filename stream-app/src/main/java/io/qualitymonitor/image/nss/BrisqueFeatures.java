package io.qualitymonitor.image.nss;

/**
 * The 36 BRISQUE features computed with OpenCV contrib's arithmetic: float32 throughout, the
 * Gaussian blur as OpenCV's separable filter does it on x86-64 (fused multiply-adds along rows,
 * symmetric pairs fused along columns), {@code INTER_CUBIC} halving with plain float sums, and NaN
 * coefficients (negative variance under {@code sqrt}) counted as zeros, as OpenCV's SIMD {@code
 * max}/{@code min} and {@code patchNaNs} leave them.
 *
 * <p>Reproducing the rounding matters on images with flat areas: there the coefficients are
 * rounding noise whose signs decide the AGGD fits. Checked against OpenCV 4.6 (see {@code
 * BrisqueCalibrationTest}).
 */
public final class BrisqueFeatures {
    /** The number of features: 18 per scale, two scales. */
    public static final int COUNT = 36;

    private static final float[] KERNEL = floatKernel();
    private static final int[][] SHIFTS = {{0, 1}, {1, 0}, {1, 1}, {-1, 1}};

    private BrisqueFeatures() {}

    /** Returns the 36 unscaled features of a grey image with 0-255 levels. */
    public static double[] of(GrayImage gray) {
        int w = gray.width();
        int h = gray.height();
        float scale = (float) (1.0 / 255);
        float[] x = new float[w * h];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) gray.data()[i] * scale;
        }
        double[] features = new double[COUNT];
        for (int level = 0; level < 2; level++) {
            if (level == 1) {
                x = halve(x, w, h);
                w /= 2;
                h /= 2;
            }
            scaleFeatures(mscn(x, w, h), w, h, features, level * 18);
        }
        return features;
    }

    private static void scaleFeatures(float[] m, int w, int h, double[] out, int offset) {
        AggdFit.Params p = AggdFit.fit(m);
        out[offset] = p.shape();
        out[offset + 1] = (p.leftStd() * p.leftStd() + p.rightStd() * p.rightStd()) / 2;
        float[] pair = new float[m.length];
        for (int s = 0; s < SHIFTS.length; s++) {
            int dy = SHIFTS[s][0];
            int dx = SHIFTS[s][1];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int yy = y + dy;
                    int xx = x + dx;
                    boolean inside = yy >= 0 && yy < h && xx >= 0 && xx < w;
                    pair[y * w + x] = inside ? m[y * w + x] * m[yy * w + xx] : 0f;
                }
            }
            AggdFit.Params q = AggdFit.fit(pair);
            int k = offset + 2 + 4 * s;
            out[k] = q.shape();
            out[k + 1] = q.mean();
            out[k + 2] = q.leftStd() * q.leftStd();
            out[k + 3] = q.rightStd() * q.rightStd();
        }
    }

    /** MSCN coefficients of a 0-1 image: {@code (x - mu) / (sigma + 1/255)}. */
    static float[] mscn(float[] x, int w, int h) {
        float[] squares = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            squares[i] = x[i] * x[i];
        }
        float[] mu = blur(x, w, h);
        float[] meanSquares = blur(squares, w, h);
        float c = (float) (1.0 / 255);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float sigma = (float) Math.sqrt(meanSquares[i] - mu[i] * mu[i]) + c;
            out[i] = (x[i] - mu[i]) / sigma;
        }
        return out;
    }

    /** OpenCV's 7x7 Gaussian (sigma 7/6) with replicated borders, in float. */
    private static float[] blur(float[] src, int w, int h) {
        float[] rows = new float[src.length];
        for (int y = 0; y < h; y++) {
            int base = y * w;
            for (int x = 0; x < w; x++) {
                float s = 0f;
                for (int k = 0; k < 7; k++) {
                    int xx = Math.min(Math.max(x + k - 3, 0), w - 1);
                    s = Math.fma(src[base + xx], KERNEL[k], s);
                }
                rows[base + x] = s;
            }
        }
        float[] out = new float[src.length];
        for (int y = 0; y < h; y++) {
            int[] below = {
                y, Math.min(y + 1, h - 1), Math.min(y + 2, h - 1), Math.min(y + 3, h - 1)
            };
            int[] above = {y, Math.max(y - 1, 0), Math.max(y - 2, 0), Math.max(y - 3, 0)};
            for (int x = 0; x < w; x++) {
                float s = rows[y * w + x] * KERNEL[3];
                for (int k = 1; k <= 3; k++) {
                    float pair = rows[below[k] * w + x] + rows[above[k] * w + x];
                    s = Math.fma(pair, KERNEL[3 + k], s);
                }
                out[y * w + x] = s;
            }
        }
        return out;
    }

    /**
     * OpenCV's {@code resize(INTER_CUBIC)} to {@code (w/2, h/2)}; an odd side makes the scale
     * slightly above 2, so the taps are computed per output position as OpenCV does.
     */
    static float[] halve(float[] src, int w, int h) {
        int ow = w / 2;
        int oh = h / 2;
        int[] xi = new int[ow * 4];
        float[] xc = new float[ow * 4];
        cubicTaps(w, ow, xi, xc);
        int[] yi = new int[oh * 4];
        float[] yc = new float[oh * 4];
        cubicTaps(h, oh, yi, yc);
        float[] tmp = new float[h * ow];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int o = 0; o < ow; o++) {
                int t = 4 * o;
                tmp[y * ow + o] =
                        src[row + xi[t]] * xc[t]
                                + src[row + xi[t + 1]] * xc[t + 1]
                                + src[row + xi[t + 2]] * xc[t + 2]
                                + src[row + xi[t + 3]] * xc[t + 3];
            }
        }
        float[] out = new float[oh * ow];
        for (int o = 0; o < oh; o++) {
            int t = 4 * o;
            for (int x = 0; x < ow; x++) {
                out[o * ow + x] =
                        tmp[yi[t] * ow + x] * yc[t]
                                + tmp[yi[t + 1] * ow + x] * yc[t + 1]
                                + tmp[yi[t + 2] * ow + x] * yc[t + 2]
                                + tmp[yi[t + 3] * ow + x] * yc[t + 3];
            }
        }
        return out;
    }

    /** OpenCV's cubic taps (A = -0.75, float) with replicated borders. */
    private static void cubicTaps(int in, int out, int[] index, float[] coef) {
        double scale = 1.0 / ((double) out / in);
        float a = -0.75f;
        for (int o = 0; o < out; o++) {
            float f = (float) ((o + 0.5) * scale - 0.5);
            int s = (int) Math.floor(f);
            float x = f - s;
            int t = 4 * o;
            coef[t] = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a;
            coef[t + 1] = ((a + 2) * x - (a + 3)) * x * x + 1;
            coef[t + 2] = ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1;
            coef[t + 3] = 1f - coef[t] - coef[t + 1] - coef[t + 2];
            for (int k = 0; k < 4; k++) {
                index[t + k] = Math.min(Math.max(s - 1 + k, 0), in - 1);
            }
        }
    }

    private static float[] floatKernel() {
        double[] d = Mscn.gaussian1d(7, 7.0 / 6.0);
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
