package io.qualitymonitor.drift;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Returns the population stability index of a window's scores against the baseline's.
 *
 * <p>PSI is computed on about ten bins of equal baseline mass (deciles), built by grouping the fine
 * histogram bins, as is usual for PSI: on 50 fine bins a 500-score window would show a PSI of about
 * {@code (bins - 1) / n} = 0.1 from sampling noise alone, the warning level. With ten bins {@code n
 * * PSI} is roughly chi-squared with 9 degrees of freedom under no change, so a 500-score window
 * reaches 0.1 with probability below 1e-6. Small windows are noisier (a 100-score window averages
 * 0.09), so the monitor also requires the p-value of that chi-squared approximation, with {@code n}
 * replaced by {@code nm / (n + m)}, to be below alpha. Empty bins get the proportion {@code
 * epsilon} so the logarithm stays finite.
 */
public final class PsiDetector {
    private PsiDetector() {}

    /**
     * Returns PSI = sum over bins of {@code (a - e) * ln(a / e)} of the proportions {@code e} in
     * {@code expected} and {@code a} in {@code actual}, each floored at {@code epsilon}.
     */
    public static double psi(long[] expected, long[] actual, double epsilon) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("PSI needs the same bins on both sides");
        }
        double ne = sum(expected);
        double na = sum(actual);
        if (ne == 0 || na == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.max(expected[i] / ne, epsilon);
            double a = Math.max(actual[i] / na, epsilon);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    /**
     * Returns a PSI outcome.
     *
     * @param bins the number of baseline-quantile bins used
     * @param pValue P(PSI at least this large | no change), chi-squared approximation
     */
    public record Result(double psi, double pValue, int bins) {}

    /**
     * Returns PSI on at most {@code groups} baseline-quantile bins, with its approximate p-value.
     */
    public static Result test(long[] baseline, long[] window, int groups, double epsilon) {
        int[] groupOf = quantileGroups(baseline, groups);
        long[] b = regroup(baseline, groupOf);
        long[] w = regroup(window, groupOf);
        double psi = psi(b, w, epsilon);
        double n = sum(b);
        double m = sum(w);
        if (Double.isNaN(psi) || b.length < 2) {
            return new Result(psi, Double.NaN, b.length);
        }
        double chi2 = psi * n * m / (n + m);
        double p = 1 - new ChiSquaredDistribution(null, b.length - 1).cumulativeProbability(chi2);
        return new Result(psi, Math.clamp(p, 0.0, 1.0), b.length);
    }

    /**
     * Returns PSI after grouping the fine bins of both histograms into at most {@code groups} bins
     * of about equal {@code baseline} mass.
     */
    public static double psi(long[] baseline, long[] window, int groups, double epsilon) {
        int[] groupOf = quantileGroups(baseline, groups);
        return psi(regroup(baseline, groupOf), regroup(window, groupOf), epsilon);
    }

    /**
     * Returns, for each fine bin, the index of its group: bins are taken in order and a group
     * closes once the cumulative baseline mass reaches the next multiple of {@code 1 / groups}.
     */
    static int[] quantileGroups(long[] baseline, int groups) {
        double total = sum(baseline);
        int[] groupOf = new int[baseline.length];
        int g = 0;
        double cumulative = 0;
        for (int i = 0; i < baseline.length; i++) {
            groupOf[i] = g;
            cumulative += baseline[i];
            if (g < groups - 1 && cumulative >= (g + 1) * total / groups) {
                g++;
            }
        }
        return groupOf;
    }

    static long[] regroup(long[] counts, int[] groupOf) {
        long[] out = new long[groupOf[groupOf.length - 1] + 1];
        for (int i = 0; i < counts.length; i++) {
            out[groupOf[i]] += counts[i];
        }
        return out;
    }

    private static double sum(long[] counts) {
        double s = 0;
        for (long c : counts) {
            s += c;
        }
        return s;
    }
}
