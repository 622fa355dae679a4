package io.qualitymonitor.drift;

/** Returns the statistics a window is tested with; names match the {@code DriftAlert} schema. */
public enum Metric {
    /** Population stability index over baseline-quantile bins. */
    PSI,
    /** Two-sample Kolmogorov-Smirnov distance with an asymptotic p-value. */
    KS,
    /** Wasserstein-1 distance divided by the score range. */
    WASSERSTEIN,
    /** Two-sided CUSUM of window means against the baseline mean, in score-range units. */
    CUSUM,
    /** Maximum mean discrepancy of projected feature vectors, with a permutation p-value. */
    MMD
}
