package io.qualitymonitor.drift;

/**
 * Returns the summary of one segment's records in one event-time window.
 *
 * @param startMs window start, inclusive (epoch milliseconds)
 * @param endMs window end, exclusive (epoch milliseconds)
 */
public record WindowSummary(long startMs, long endMs, DriftSummary summary) {}
