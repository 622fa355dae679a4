package io.qualitymonitor.tools.compare;

import java.util.List;

/**
 * The uploads whose low-quality alert status differs between the sides, under the configured
 * thresholds ({@code alerts.threshold} and its per-segment overrides), with a few example ids each.
 *
 * @param raised uploads B would alert on and A did not
 * @param cleared uploads A alerted on and B would not
 * @param raisedExamples the first upload ids of {@code raised}, in id order
 * @param clearedExamples the first upload ids of {@code cleared}, in id order
 */
public record AlertFlips(
        long raised, long cleared, List<String> raisedExamples, List<String> clearedExamples) {
    public AlertFlips {
        raisedExamples = List.copyOf(raisedExamples);
        clearedExamples = List.copyOf(clearedExamples);
    }

    /** Returns the number of uploads whose status changes either way. */
    public long total() {
        return raised + cleared;
    }
}
