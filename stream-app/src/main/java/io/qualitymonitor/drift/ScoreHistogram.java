package io.qualitymonitor.drift;

import java.util.Arrays;

/**
 * Returns counts of scores in fixed, equal-width bins over {@code [min, max]}; memory is one long
 * per bin whatever the number of scores.
 *
 * <p>Scores below {@code min} or above {@code max} are counted in the first or last bin. With the
 * default 50 bins over 0-100 (bin width 2 points) the histogram is exact for PSI, whose bins are
 * unions of these bins; the Kolmogorov-Smirnov distance read at bin edges is a lower bound of the
 * true one, short by at most the largest single-bin proportion; the Wasserstein distance computed
 * from bin masses is within one bin width (0.02 of the range) of the true one.
 */
public final class ScoreHistogram {
    private final double min;
    private final double max;
    private final long[] counts;
    private long total;

    /** Returns an empty histogram of {@code bins} bins over {@code [min, max]}. */
    public ScoreHistogram(double min, double max, int bins) {
        if (!(max > min) || bins < 1) {
            throw new IllegalArgumentException("histogram needs max > min and bins >= 1");
        }
        this.min = min;
        this.max = max;
        this.counts = new long[bins];
    }

    static ScoreHistogram of(double min, double max, long[] counts) {
        ScoreHistogram h = new ScoreHistogram(min, max, counts.length);
        System.arraycopy(counts, 0, h.counts, 0, counts.length);
        h.total = Arrays.stream(counts).sum();
        return h;
    }

    /** Counts one score; returns false (and counts nothing) when it is not finite. */
    public boolean add(double score) {
        if (!Double.isFinite(score)) {
            return false;
        }
        int bin = (int) Math.floor((score - min) / binWidth());
        counts[Math.clamp(bin, 0, counts.length - 1)]++;
        total++;
        return true;
    }

    /** Adds the counts of another histogram of the same shape to this one. */
    public void merge(ScoreHistogram other) {
        if (!sameShape(other)) {
            throw new DriftSummaryException(
                    "cannot merge histograms of different shapes: "
                            + shape()
                            + " vs "
                            + other.shape());
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /** Returns whether both histograms have the same range and bins. */
    public boolean sameShape(ScoreHistogram other) {
        return min == other.min && max == other.max && counts.length == other.counts.length;
    }

    /** Returns a copy of the bin counts. */
    public long[] counts() {
        return counts.clone();
    }

    /** Returns the number of scores counted. */
    public long total() {
        return total;
    }

    /** Returns the width of one bin in score units. */
    public double binWidth() {
        return (max - min) / counts.length;
    }

    /** Returns the lower end of the score range. */
    public double min() {
        return min;
    }

    /** Returns the upper end of the score range. */
    public double max() {
        return max;
    }

    /** Returns the number of bins. */
    public int bins() {
        return counts.length;
    }

    private String shape() {
        return "[" + min + ", " + max + "] x " + counts.length;
    }
}
