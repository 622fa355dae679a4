package io.qualitymonitor.drift;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Returns a rolling reference for a segment without a named baseline: the merged summary of the
 * last complete block of {@code blockWindows} windows, while the next block is being built.
 *
 * <p>Two summaries per segment whatever the block length (about 34 KB serialized at default sizes),
 * instead of one per window; the reference lags the stream by one to two blocks. The caller tests a
 * window against {@link #baseline()} first and offers it afterwards, and only while the segment is
 * not drifting, so that a lasting shift does not become its own reference.
 */
public final class RollingReference {
    private final int blockWindows;
    private DriftSummary active;
    private int activeVersion;
    private DriftSummary building;
    private int buildingWindows;

    /** Returns an empty reference whose blocks hold {@code blockWindows} windows. */
    public RollingReference(int blockWindows) {
        if (blockWindows < 1) {
            throw new IllegalArgumentException("a rolling reference needs blockWindows >= 1");
        }
        this.blockWindows = blockWindows;
    }

    /** Adds a closed window to the block being built; a full block becomes the reference. */
    public void offer(DriftSummary window) {
        building = building == null ? window.copy() : building.merge(window);
        buildingWindows++;
        if (buildingWindows >= blockWindows) {
            active = building;
            activeVersion++;
            building = null;
            buildingWindows = 0;
        }
    }

    /** Returns the reference, named {@code rolling} with the block number as version. */
    public Optional<Baseline> baseline() {
        return active == null
                ? Optional.empty()
                : Optional.of(new Baseline("rolling", activeVersion, active));
    }

    /** Returns the binary form (for a state store). */
    public byte[] toBytes() {
        byte[] a = active == null ? new byte[0] : active.toBytes();
        byte[] b = building == null ? new byte[0] : building.toBytes();
        return ByteBuffer.allocate(16 + a.length + 4 + b.length)
                .putInt(blockWindows)
                .putInt(activeVersion)
                .putInt(buildingWindows)
                .putInt(a.length)
                .put(a)
                .putInt(b.length)
                .put(b)
                .array();
    }

    /** Returns the reference encoded by {@link #toBytes}; throws {@link DriftSummaryException}. */
    public static RollingReference fromBytes(byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            RollingReference r = new RollingReference(buffer.getInt());
            r.activeVersion = buffer.getInt();
            r.buildingWindows = buffer.getInt();
            r.active = summary(buffer);
            r.building = summary(buffer);
            return r;
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new DriftSummaryException("corrupt rolling reference: " + e.getMessage());
        }
    }

    private static DriftSummary summary(ByteBuffer buffer) {
        byte[] s = new byte[buffer.getInt()];
        buffer.get(s);
        return s.length == 0 ? null : DriftSummary.fromBytes(s);
    }
}
