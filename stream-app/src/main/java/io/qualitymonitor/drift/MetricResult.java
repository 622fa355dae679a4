package io.qualitymonitor.drift;

/**
 * Returns one metric's outcome for one window against the baseline.
 *
 * @param statistic the metric's value (NaN when it could not be computed)
 * @param pValue the test's p-value, or null for metrics without one
 * @param alpha the significance level after Bonferroni correction; NaN without a p-value
 * @param warning the statistic's warning threshold (an effect-size floor for tests)
 * @param critical the statistic's critical threshold
 */
public record MetricResult(
        Metric metric,
        double statistic,
        Double pValue,
        double alpha,
        double warning,
        double critical) {

    /**
     * Returns WARNING or CRITICAL when the statistic reaches that threshold and, for a test, the
     * p-value is below alpha; INFO otherwise.
     */
    public Severity severity() {
        if (Double.isNaN(statistic) || (pValue != null && !(pValue < alpha))) {
            return Severity.INFO;
        }
        if (statistic >= critical) {
            return Severity.CRITICAL;
        }
        return statistic >= warning ? Severity.WARNING : Severity.INFO;
    }

    /**
     * Returns whether this metric counts towards a recovery: the statistic is below {@code warning
     * * recoveryRatio}, or the test is not significant.
     */
    public boolean clear(double recoveryRatio) {
        if (Double.isNaN(statistic) || (pValue != null && pValue >= alpha)) {
            return true;
        }
        return statistic < warning * recoveryRatio;
    }

    /** Returns the threshold that goes with a severity: critical, else warning. */
    public double threshold(Severity severity) {
        return severity == Severity.CRITICAL ? critical : warning;
    }

    /** Returns how many times its warning threshold the statistic is (for ranking metrics). */
    public double excess() {
        return statistic / warning;
    }
}
