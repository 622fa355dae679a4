package io.qualitymonitor.drift;

import java.nio.ByteBuffer;

/**
 * Returns the per-segment memory of a {@link DriftMonitor} between windows: 30 bytes serialized.
 *
 * @param drifting whether a DRIFTING event was sent and no RECOVERED since
 * @param trigger the metric that started the current drift, or null
 * @param streak consecutive windows at WARNING or above while normal (towards confirmation), or
 *     consecutive clear windows while drifting (towards recovery)
 * @param cooldownUntilMs no new drift is announced for windows ending before this time
 * @param cusum the CUSUM sums
 */
public record MonitorState(
        boolean drifting,
        Metric trigger,
        int streak,
        long cooldownUntilMs,
        CusumDetector.State cusum) {

    /** The state of a segment never seen before. */
    public static final MonitorState INITIAL =
            new MonitorState(false, null, 0, Long.MIN_VALUE, CusumDetector.State.ZERO);

    private static final int BYTES = 1 + 1 + 4 + 8 + 8 + 8;

    /** Returns the binary form (for a state store). */
    public byte[] toBytes() {
        return ByteBuffer.allocate(BYTES)
                .put((byte) (drifting ? 1 : 0))
                .put((byte) (trigger == null ? -1 : trigger.ordinal()))
                .putInt(streak)
                .putLong(cooldownUntilMs)
                .putDouble(cusum.up())
                .putDouble(cusum.down())
                .array();
    }

    /** Returns the state encoded by {@link #toBytes}; throws {@link DriftSummaryException}. */
    public static MonitorState fromBytes(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new DriftSummaryException(
                    "corrupt drift monitor state: " + bytes.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        boolean drifting = b.get() == 1;
        int t = b.get();
        if (t >= Metric.values().length) {
            throw new DriftSummaryException("corrupt drift monitor state: metric " + t);
        }
        return new MonitorState(
                drifting,
                t < 0 ? null : Metric.values()[t],
                b.getInt(),
                b.getLong(),
                new CusumDetector.State(b.getDouble(), b.getDouble()));
    }
}
