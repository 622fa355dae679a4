package io.qualitymonitor.tools.compare;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * The distribution of score deltas (B minus A) over the uploads both sides scored. Percentiles
 * interpolate linearly between the closest ranks (Hyndman and Fan's type 7, numpy's default); the
 * standard deviation is the sample one ({@code n - 1}). All are NaN without deltas.
 *
 * @param mean the mean delta
 * @param sd the sample standard deviation of the deltas (NaN for one delta)
 * @param p5 the 5th percentile
 * @param p25 the 25th percentile
 * @param median the median
 * @param p75 the 75th percentile
 * @param p95 the 95th percentile
 * @param meanAbs the mean absolute delta
 * @param maxAbs the largest absolute delta
 */
public record DeltaStats(
        double mean,
        double sd,
        double p5,
        double p25,
        double median,
        double p75,
        double p95,
        double meanAbs,
        double maxAbs) {

    /** Returns the statistics of {@code deltas}. */
    public static DeltaStats of(double[] deltas) {
        if (deltas.length == 0) {
            double nan = Double.NaN;
            return new DeltaStats(nan, nan, nan, nan, nan, nan, nan, nan, nan);
        }
        DescriptiveStatistics d = new DescriptiveStatistics(deltas);
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(deltas);
        DescriptiveStatistics abs = new DescriptiveStatistics();
        for (double v : deltas) {
            abs.addValue(Math.abs(v));
        }
        return new DeltaStats(
                d.getMean(),
                deltas.length > 1 ? d.getStandardDeviation() : Double.NaN,
                p.evaluate(5),
                p.evaluate(25),
                p.evaluate(50),
                p.evaluate(75),
                p.evaluate(95),
                abs.getMean(),
                abs.getMax());
    }
}
