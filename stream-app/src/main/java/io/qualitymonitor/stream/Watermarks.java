package io.qualitymonitor.stream;

import java.util.HashMap;
import java.util.Map;

/**
 * Returns the event-time watermark of a drift task: the lowest latest-event-time over the source
 * partitions that sent a sample in the last {@link #IDLE_MS} of wall-clock time (a silent partition
 * must not hold every window open), never more than {@code maxLagMs} behind the latest event time
 * seen, and never decreasing.
 */
final class Watermarks {
    /** A source partition silent for this long (wall clock) no longer holds the watermark back. */
    static final long IDLE_MS = 30_000;

    private final long maxLagMs;
    private final int expectedPartitions;
    private final Map<Integer, long[]> partitions = new HashMap<>();
    private long latestMs = Long.MIN_VALUE;
    private long watermarkMs = Long.MIN_VALUE;

    /**
     * Returns the tracker; until {@code expectedPartitions} (0 to n-1) have each sent a sample, or
     * gone idle, the watermark waits for them (their samples arrive later than the first ones).
     */
    Watermarks(long maxLagMs, int expectedPartitions) {
        this.maxLagMs = maxLagMs;
        this.expectedPartitions = expectedPartitions;
    }

    /** Records {@code sample} seen at wall-clock {@code nowMs}; returns the watermark. */
    long observe(DriftSample sample, long nowMs) {
        long t = sample.eventTimeMs();
        if (partitions.isEmpty()) {
            for (int i = 0; i < expectedPartitions; i++) {
                partitions.put(i, new long[] {Long.MIN_VALUE, nowMs});
            }
        }
        long[] p = partitions.computeIfAbsent(sample.sourcePartition(), k -> new long[] {t, nowMs});
        p[0] = Math.max(p[0], t);
        p[1] = nowMs;
        latestMs = Math.max(latestMs, t);
        long lowest = Long.MAX_VALUE;
        for (long[] q : partitions.values()) {
            if (nowMs - q[1] <= IDLE_MS) {
                lowest = Math.min(lowest, q[0]);
            }
        }
        long candidate = Math.max(lowest, latestMs - maxLagMs);
        watermarkMs = Math.max(watermarkMs, candidate);
        return watermarkMs;
    }
}
