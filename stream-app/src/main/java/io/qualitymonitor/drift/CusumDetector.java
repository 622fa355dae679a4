package io.qualitymonitor.drift;

/**
 * Returns the two-sided CUSUM of window means against the baseline mean, for fast and for small but
 * lasting shifts of the mean.
 *
 * <p>Works on window means in score-range units rather than on single scores standardised by their
 * standard error: with hundreds of scores per window a standard error is a fraction of a point, so
 * a standardised CUSUM would alarm on any baseline that is off by one point. Here each window adds
 * {@code |mean - baselineMean| / range - allowance}: the default allowance 0.025 (2.5 points)
 * ignores shifts under about 5 points; a 15-point drop crosses the default threshold 0.1 in one
 * window, a 5-point drop in four. Sums are capped at {@code cap}, the warning threshold, so that
 * after a drift of any length the statistic falls under the recovery level (0.08) in one steady
 * window; CUSUM therefore warns but is never critical, and large shifts are critical through the
 * other metrics.
 */
public final class CusumDetector {
    private CusumDetector() {}

    /**
     * Returns the upper and lower cumulative sums.
     *
     * @param up evidence that the mean went up
     * @param down evidence that the mean went down
     */
    public record State(double up, double down) {
        /** The state before any window. */
        public static final State ZERO = new State(0, 0);

        /** Returns the larger of the two sums: the CUSUM statistic. */
        public double statistic() {
            return Math.max(up, down);
        }
    }

    /**
     * Returns the state after one window whose mean is {@code deviation} (in range units) above the
     * baseline mean.
     */
    public static State update(State state, double deviation, double allowance, double cap) {
        double up = Math.clamp(state.up() + deviation - allowance, 0.0, cap);
        double down = Math.clamp(state.down() - deviation - allowance, 0.0, cap);
        return new State(up, down);
    }
}
