package io.qualitymonitor.drift;

import java.util.Arrays;

/**
 * Returns the Wasserstein-1 (earth mover's) distance between score distributions, divided by the
 * score range (100 for scores 0-100).
 *
 * <p>Normalised by the range rather than by the baseline's standard deviation: the range is fixed,
 * so the threshold reads the same for every segment and baseline ("the distribution moved by 10
 * points" is 0.1), whereas dividing by a narrow baseline's spread would flag shifts of a point or
 * two and is undefined for a constant baseline. On histograms the distance is within one bin width
 * (0.02 with 50 bins over the range) of the exact one.
 */
public final class WassersteinDetector {
    private WassersteinDetector() {}

    /**
     * Returns the integral of |F_a - F_b| for two histograms with bins of width {@code binWidth}.
     */
    public static double distance(long[] a, long[] b, double binWidth) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("Wasserstein needs the same bins on both sides");
        }
        double na = Arrays.stream(a).sum();
        double nb = Arrays.stream(b).sum();
        if (na == 0 || nb == 0) {
            return Double.NaN;
        }
        double ca = 0;
        double cb = 0;
        double w = 0;
        for (int i = 0; i < a.length - 1; i++) {
            ca += a[i];
            cb += b[i];
            w += Math.abs(ca / na - cb / nb) * binWidth;
        }
        return w;
    }

    /** Returns the exact Wasserstein-1 distance of two raw samples. */
    public static double distance(double[] x, double[] y) {
        double[] xs = x.clone();
        double[] ys = y.clone();
        double[] all = new double[xs.length + ys.length];
        System.arraycopy(xs, 0, all, 0, xs.length);
        System.arraycopy(ys, 0, all, xs.length, ys.length);
        Arrays.sort(xs);
        Arrays.sort(ys);
        Arrays.sort(all);
        int i = 0;
        int j = 0;
        double w = 0;
        // Between consecutive pooled values both empirical CDFs are constant.
        for (int k = 0; k < all.length - 1; k++) {
            double t = all[k];
            while (i < xs.length && xs[i] <= t) {
                i++;
            }
            while (j < ys.length && ys[j] <= t) {
                j++;
            }
            w += Math.abs((double) i / xs.length - (double) j / ys.length) * (all[k + 1] - t);
        }
        return w;
    }
}
