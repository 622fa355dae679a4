package io.qualitymonitor.drift;

/**
 * Returns the count, mean and variance of a stream in constant memory (Welford's update, Chan's
 * merge).
 *
 * <p>Hand-written rather than commons-math3's {@code SummaryStatistics} because it must serialize
 * to three numbers and merge exactly; both are a few lines here.
 */
public final class RunningMoments {
    private long count;
    private double mean;
    private double m2;

    /** Returns empty moments. */
    public RunningMoments() {}

    static RunningMoments of(long count, double mean, double m2) {
        RunningMoments m = new RunningMoments();
        m.count = count;
        m.mean = mean;
        m.m2 = m2;
        return m;
    }

    /** Adds one value. */
    public void add(double x) {
        count++;
        double delta = x - mean;
        mean += delta / count;
        m2 += delta * (x - mean);
    }

    /** Adds the values summarised by {@code other}. */
    public void merge(RunningMoments other) {
        if (other.count == 0) {
            return;
        }
        long n = count + other.count;
        double delta = other.mean - mean;
        m2 += other.m2 + delta * delta * ((double) count * other.count / n);
        mean += delta * other.count / n;
        count = n;
    }

    /** Returns the number of values. */
    public long count() {
        return count;
    }

    /** Returns the mean, or NaN when empty. */
    public double mean() {
        return count == 0 ? Double.NaN : mean;
    }

    /** Returns the sample variance, or NaN with fewer than two values. */
    public double variance() {
        return count < 2 ? Double.NaN : m2 / (count - 1);
    }

    double m2() {
        return m2;
    }
}
