package io.qualitymonitor.stream;

import io.qualitymonitor.config.DriftConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Returns the event-time windows (tumbling or hopping, aligned to the epoch) that a timestamp falls
 * in, and the store key of a segment's window: {@code segment}, a NUL, then the start as 16 hex
 * digits, so that keys sort by segment and then by start.
 */
public final class DriftWindows {
    private final long sizeMs;
    private final long advanceMs;
    private final long graceMs;

    /** Returns the windows of the given settings. */
    public DriftWindows(DriftConfig.Window window) {
        this.sizeMs = window.size().toMillis();
        this.advanceMs = window.advance().toMillis();
        this.graceMs = window.grace().toMillis();
    }

    /** Returns the starts of every window containing {@code t}, oldest first. */
    public List<Long> startsFor(long t) {
        long last = Math.floorDiv(t, advanceMs) * advanceMs;
        List<Long> starts = new ArrayList<>();
        for (long s = last; s > t - sizeMs; s -= advanceMs) {
            starts.add(0, s);
        }
        return starts;
    }

    /** Returns the end (exclusive) of the window starting at {@code start}. */
    public long end(long start) {
        return start + sizeMs;
    }

    /** Returns true when the window starting at {@code start} closes at stream time {@code now}. */
    public boolean closed(long start, long streamTimeMs) {
        return end(start) + graceMs <= streamTimeMs;
    }

    /** Returns a number that changes only when windows may have closed since the last value. */
    public long closingEpoch(long streamTimeMs) {
        return Math.floorDiv(streamTimeMs - graceMs - sizeMs, advanceMs);
    }

    /** Returns the store key of {@code segment}'s window starting at {@code start}. */
    public static String key(String segment, long start) {
        return segment + '\u0000' + String.format(Locale.ROOT, "%016x", start);
    }

    /** Returns the segment of a key made by {@link #key}. */
    public static String segmentOf(String key) {
        return key.substring(0, key.lastIndexOf('\u0000'));
    }

    /** Returns the window start of a key made by {@link #key}. */
    public static long startOf(String key) {
        return Long.parseUnsignedLong(key.substring(key.lastIndexOf('\u0000') + 1), 16);
    }
}
