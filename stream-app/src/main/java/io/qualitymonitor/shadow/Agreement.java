package io.qualitymonitor.shadow;

import java.util.Arrays;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * Returns how well a candidate model agrees with the live one on one segment, over its most recent
 * pairs of scores: rank correlation, mean and spread of the deltas (candidate minus live), alert
 * flips and the candidate's latency. Thread-safe: the shadow worker adds, metrics read.
 */
public final class Agreement {
    private final double[] live;
    private final double[] candidate;
    private final boolean[] flipped;
    private final double[] latencyMs;
    private long count;

    /** Returns an empty agreement over the last {@code window} pairs. */
    public Agreement(int window) {
        this.live = new double[window];
        this.candidate = new double[window];
        this.flipped = new boolean[window];
        this.latencyMs = new double[window];
    }

    /**
     * Adds one upload's pair of scores; {@code flip} is true when one model would alert on it and
     * the other not; {@code candidateMs} is the candidate's inference time for it.
     */
    public synchronized void add(
            double liveScore, double candidateScore, boolean flip, double candidateMs) {
        int i = (int) (count % live.length);
        live[i] = liveScore;
        candidate[i] = candidateScore;
        flipped[i] = flip;
        latencyMs[i] = candidateMs;
        count++;
    }

    /** Returns the figures over the pairs in the window now. */
    public synchronized Summary summary() {
        int n = (int) Math.min(count, live.length);
        double[] l = Arrays.copyOf(live, n);
        double[] c = Arrays.copyOf(candidate, n);
        double sum = 0;
        double sumSq = 0;
        double ms = 0;
        int flips = 0;
        for (int i = 0; i < n; i++) {
            double d = c[i] - l[i];
            sum += d;
            sumSq += d * d;
            ms += latencyMs[i];
            flips += flipped[i] ? 1 : 0;
        }
        double mean = n == 0 ? Double.NaN : sum / n;
        double spread =
                n < 2 ? Double.NaN : Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1)));
        return new Summary(n, rank(l, c), mean, spread, flips, n == 0 ? Double.NaN : ms / n);
    }

    /**
     * Returns Spearman's correlation, NaN when it is undefined (under 3 pairs, a constant side).
     */
    private static double rank(double[] l, double[] c) {
        if (l.length < 3) {
            return Double.NaN;
        }
        return new SpearmansCorrelation().correlation(l, c);
    }

    /**
     * Returns the agreement figures of one segment.
     *
     * @param pairs the pairs they are measured on
     * @param rankCorrelation Spearman's correlation of candidate and live scores (NaN when
     *     undefined)
     * @param deltaMean the mean of candidate minus live
     * @param deltaSpread the standard deviation of that delta
     * @param alertFlips pairs where one model alerts and the other does not
     * @param candidateMs the candidate's mean inference time per upload
     */
    public record Summary(
            int pairs,
            double rankCorrelation,
            double deltaMean,
            double deltaSpread,
            int alertFlips,
            double candidateMs) {}
}
