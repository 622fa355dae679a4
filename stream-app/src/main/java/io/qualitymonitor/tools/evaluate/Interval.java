package io.qualitymonitor.tools.evaluate;

/**
 * A point estimate with its bootstrap confidence interval.
 *
 * @param estimate the statistic on the full sample
 * @param lower the lower percentile bound
 * @param upper the upper percentile bound
 */
public record Interval(double estimate, double lower, double upper) {

    /**
     * Returns {@code 0.912 [0.890, 0.931]}-style text with {@code digits} decimals, or {@code n/a}
     * when the estimate is undefined (too few images, constant labels).
     */
    public String format(int digits) {
        if (Double.isNaN(estimate)) {
            return "n/a";
        }
        String f = "%." + digits + "f";
        return String.format(
                java.util.Locale.ROOT, f + " [" + f + ", " + f + "]", estimate, lower, upper);
    }
}
