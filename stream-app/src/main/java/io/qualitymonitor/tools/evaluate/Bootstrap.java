package io.qualitymonitor.tools.evaluate;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Percentile bootstrap over paired samples: draws {@code n} pairs with replacement, recomputes each
 * statistic, and reports the central {@code confidence} range of the resampled values. Resamples
 * where a statistic is undefined (NaN, e.g. all scores equal) are left out of that statistic's
 * percentiles.
 */
public final class Bootstrap {

    /** A statistic of paired samples, e.g. a correlation coefficient. */
    @FunctionalInterface
    public interface PairStatistic {
        /** Returns the statistic of {@code (x[i], y[i])}. */
        double apply(double[] x, double[] y);
    }

    private final EvaluationSettings settings;

    /** Creates a bootstrap with the given resamples, seed and confidence. */
    public Bootstrap(EvaluationSettings settings) {
        this.settings = settings;
    }

    /**
     * Returns, for each statistic, its value on the full sample with the bootstrap interval. All
     * statistics see the same resamples.
     */
    public Interval[] intervals(double[] x, double[] y, PairStatistic... statistics) {
        int k = statistics.length;
        double[] full = new double[k];
        for (int s = 0; s < k; s++) {
            full[s] = statistics[s].apply(x, y);
        }
        int r = settings.resamples();
        double[][] values = new double[k][r];
        // One seed per resample, drawn in order: the result does not depend on thread timing.
        SplittableRandom random = new SplittableRandom(settings.seed());
        long[] seeds = new long[r];
        for (int b = 0; b < r; b++) {
            seeds[b] = random.nextLong();
        }
        IntStream.range(0, r)
                .parallel()
                .forEach(
                        b -> resample(x, y, new SplittableRandom(seeds[b]), statistics, values, b));
        Interval[] out = new Interval[k];
        for (int s = 0; s < k; s++) {
            out[s] = interval(full[s], values[s]);
        }
        return out;
    }

    private static void resample(
            double[] x,
            double[] y,
            SplittableRandom random,
            PairStatistic[] statistics,
            double[][] values,
            int b) {
        int n = x.length;
        double[] bx = new double[n];
        double[] by = new double[n];
        for (int i = 0; i < n; i++) {
            int j = random.nextInt(n);
            bx[i] = x[j];
            by[i] = y[j];
        }
        for (int s = 0; s < statistics.length; s++) {
            values[s][b] = statistics[s].apply(bx, by);
        }
    }

    private Interval interval(double estimate, double[] resampled) {
        double[] valid = Arrays.stream(resampled).filter(Double::isFinite).toArray();
        if (valid.length == 0) {
            return new Interval(estimate, estimate, estimate);
        }
        double tail = (1 - settings.confidence()) / 2 * 100;
        Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        percentile.setData(valid);
        return new Interval(estimate, percentile.evaluate(tail), percentile.evaluate(100 - tail));
    }
}
