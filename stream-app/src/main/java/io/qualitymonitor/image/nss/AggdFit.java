package io.qualitymonitor.image.nss;

import org.apache.commons.math3.special.Gamma;

/**
 * Fits an asymmetric generalised Gaussian distribution (AGGD) by moment matching, as the LIVE
 * BRISQUE and NIQE releases and OpenCV do: the shape is the grid value in {@code 0.2:0.001:10}
 * whose ratio {@code Gamma(2/a)^2 / (Gamma(1/a) Gamma(3/a))} is closest to the sample's normalised
 * ratio.
 *
 * <p>That ratio grows monotonically with the shape, so a binary search over a precomputed table
 * finds the same grid value as the references' linear scans.
 */
public final class AggdFit {

    private static final double GRID_START = 0.2;
    private static final double GRID_STEP = 0.001;
    private static final int GRID_SIZE = 9801;
    private static final double[] RATIO = ratioTable();

    /**
     * The fitted parameters.
     *
     * @param shape the shape {@code alpha} (2 is Gaussian, 1 Laplacian)
     * @param leftStd root mean square of the negative samples
     * @param rightStd root mean square of the positive samples
     */
    public record Params(double shape, double leftStd, double rightStd) {

        /** Returns the left scale {@code beta_l = leftStd * sqrt(Gamma(1/a) / Gamma(3/a))}. */
        public double leftScale() {
            return leftStd * scaleFactor();
        }

        /** Returns the right scale {@code beta_r}. */
        public double rightScale() {
            return rightStd * scaleFactor();
        }

        /** Returns the mean of the fitted distribution, {@code (beta_r - beta_l) G(2/a)/G(1/a)}. */
        public double mean() {
            return (rightScale() - leftScale()) * Gamma.gamma(2 / shape) / Gamma.gamma(1 / shape);
        }

        private double scaleFactor() {
            return Math.sqrt(Gamma.gamma(1 / shape) / Gamma.gamma(3 / shape));
        }
    }

    private AggdFit() {}

    /** Fits the AGGD to all of {@code values}. */
    public static Params fit(double[] values) {
        return fit(values, 0, values.length);
    }

    /** Fits the AGGD to {@code values[from, to)}. */
    public static Params fit(double[] values, int from, int to) {
        double negSq = 0;
        double posSq = 0;
        double abs = 0;
        long neg = 0;
        long pos = 0;
        for (int i = from; i < to; i++) {
            double v = values[i];
            if (v < 0) {
                negSq += v * v;
                abs -= v;
                neg++;
            } else if (v > 0) {
                posSq += v * v;
                abs += v;
                pos++;
            }
        }
        return fromSums(negSq, posSq, abs, neg, pos, to - from);
    }

    private static Params fromSums(
            double negSq, double posSq, double abs, long neg, long pos, int n) {
        double leftStd = Math.sqrt(negSq / neg);
        double rightStd = Math.sqrt(posSq / pos);
        double gammaHat = leftStd / rightStd;
        double meanAbs = abs / n;
        double rHat = meanAbs * meanAbs / ((negSq + posSq) / n);
        double g2 = gammaHat * gammaHat;
        double rHatNorm = rHat * (g2 * gammaHat + 1) * (gammaHat + 1) / ((g2 + 1) * (g2 + 1));
        return new Params(shapeFor(rHatNorm), leftStd, rightStd);
    }

    /**
     * Fits the AGGD to float values as OpenCV does: squares in float, sums in double, NaN values
     * counted as zeros.
     */
    public static Params fit(float[] values) {
        double negSq = 0;
        double posSq = 0;
        double abs = 0;
        long neg = 0;
        long pos = 0;
        for (float v : values) {
            float sq = v * v;
            if (v < 0) {
                negSq += sq;
                abs -= v;
                neg++;
            } else if (v > 0) {
                posSq += sq;
                abs += v;
                pos++;
            }
        }
        return fromSums(negSq, posSq, abs, neg, pos, values.length);
    }

    /** Returns the grid shape whose ratio is nearest {@code ratio} (the first one on a tie). */
    static double shapeFor(double ratio) {
        if (Double.isNaN(ratio)) {
            return Double.NaN;
        }
        int lo = 0;
        int hi = GRID_SIZE - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (RATIO[mid] < ratio) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        // lo is the first entry >= ratio; its left neighbour may be nearer.
        if (lo > 0 && Math.abs(RATIO[lo - 1] - ratio) <= Math.abs(RATIO[lo] - ratio)) {
            lo--;
        }
        return GRID_START + lo * GRID_STEP;
    }

    private static double[] ratioTable() {
        double[] table = new double[GRID_SIZE];
        for (int i = 0; i < GRID_SIZE; i++) {
            double a = GRID_START + i * GRID_STEP;
            double g2 = Gamma.gamma(2 / a);
            table[i] = g2 * g2 / (Gamma.gamma(1 / a) * Gamma.gamma(3 / a));
        }
        return table;
    }
}
