package io.qualitymonitor.drift;

import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Returns the two-sample Kolmogorov-Smirnov distance D and its asymptotic p-value.
 *
 * <p>On histograms D is read at bin edges: a lower bound of the true D, short by at most the
 * largest single-bin proportion, so the test errs towards silence. With thousands of scores KS
 * rejects for differences nobody cares about (and false alarms add up over windows and metrics), so
 * the monitor requires both {@code p < alpha} (Bonferroni-corrected) and D above an effect-size
 * floor (default 0.1, critical 0.2): under no change a 500-score window exceeds D = 0.1 with
 * probability about {@code 2 exp(-2 * 0.1^2 * 476)} = 1.5e-4.
 */
public final class KsDetector {
    private static final KolmogorovSmirnovTest KS = new KolmogorovSmirnovTest();

    private KsDetector() {}

    /** Returns max |F_a - F_b| over bin edges of two histograms with the same bins. */
    public static double statistic(long[] a, long[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("KS needs the same bins on both sides");
        }
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            na += a[i];
            nb += b[i];
        }
        if (na == 0 || nb == 0) {
            return Double.NaN;
        }
        double ca = 0;
        double cb = 0;
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            ca += a[i];
            cb += b[i];
            d = Math.max(d, Math.abs(ca / na - cb / nb));
        }
        return d;
    }

    /** Returns the exact D of two raw samples. */
    public static double statistic(double[] x, double[] y) {
        return KS.kolmogorovSmirnovStatistic(x, y);
    }

    /**
     * Returns P(D_{n,m} > d) under no change, from the Kolmogorov distribution (commons-math3);
     * sizes above {@code Integer.MAX_VALUE} are capped.
     */
    public static double pValue(double d, long n, long m) {
        if (Double.isNaN(d) || n == 0 || m == 0) {
            return Double.NaN;
        }
        double p = KS.approximateP(d, capped(n), capped(m));
        return Math.clamp(p, 0.0, 1.0);
    }

    private static int capped(long n) {
        return (int) Math.min(n, Integer.MAX_VALUE);
    }
}
