package io.qualitymonitor.image;

import java.util.concurrent.Semaphore;

/**
 * Returns the share of the memory budget that decoders' working buffers may hold at once: a decode
 * waits until its estimated buffers fit, so that many large images arriving together decode a few
 * at a time instead of all at once. Thread-safe.
 */
public final class DecodeBudget {
    /** Bytes a pixel costs while it is decoded: the reader's raster (up to 8) and the RGB copy. */
    public static final int DECODING_BYTES_PER_PIXEL = 12;

    private static final int UNIT = 1024;

    private final Semaphore units;
    private final int total;

    /** Returns a budget of {@code bytes} for decoding. */
    public DecodeBudget(long bytes) {
        this.total = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes / UNIT));
        this.units = new Semaphore(total, true);
    }

    /** Returns a budget that never makes a decode wait. */
    public static DecodeBudget unbounded() {
        return new DecodeBudget((long) Integer.MAX_VALUE * UNIT);
    }

    /** Returns the bytes this budget holds. */
    public long bytes() {
        return (long) total * UNIT;
    }

    /**
     * Waits until {@code pixels} decoded pixels fit (a decode larger than the whole budget waits
     * for all of it) and returns the grant to close when the decode is over.
     */
    public Grant acquire(long pixels) throws InterruptedException {
        long bytes = pixels * DECODING_BYTES_PER_PIXEL;
        int n = (int) Math.max(1, Math.min(total, Math.ceilDiv(bytes, UNIT)));
        units.acquire(n);
        return () -> units.release(n);
    }

    /** Returns the bytes free now (for tests and metrics). */
    public long freeBytes() {
        return (long) units.availablePermits() * UNIT;
    }

    /** A part of the budget held by one decode; closing it gives it back. */
    public interface Grant extends AutoCloseable {
        @Override
        void close();
    }
}
