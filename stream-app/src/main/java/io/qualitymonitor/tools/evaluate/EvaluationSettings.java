package io.qualitymonitor.tools.evaluate;

/**
 * How intervals are estimated.
 *
 * @param resamples bootstrap resamples (0 disables intervals: bounds equal the estimate)
 * @param seed the random seed, so that a run can be repeated exactly
 * @param confidence the two-sided confidence level, e.g. 0.95
 */
public record EvaluationSettings(int resamples, long seed, double confidence) {

    /** 1000 resamples, seed 42, 95 % intervals. */
    public static final EvaluationSettings DEFAULTS = new EvaluationSettings(1000, 42L, 0.95);

    /** Checks the ranges. */
    public EvaluationSettings {
        if (resamples < 0) {
            throw new IllegalArgumentException(
                    "bootstrap resamples must be >= 0, got " + resamples);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
    }
}
