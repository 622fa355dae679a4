package io.qualitymonitor.drift;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Returns a named, versioned reference summary that windows are compared with.
 *
 * @param name e.g. {@code launch}, or {@code rolling} for a rolling reference
 * @param version increases each time a baseline of that name is rebuilt
 */
public record Baseline(String name, int version, DriftSummary summary) {

    /** Returns {@code name@version}, e.g. {@code launch@3}. */
    public String id() {
        return name + "@" + version;
    }

    /** Returns the binary form: name, version, then the summary (for a compacted topic). */
    public byte[] toBytes() {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] s = summary.toBytes();
        return ByteBuffer.allocate(4 + n.length + 4 + s.length)
                .putInt(n.length)
                .put(n)
                .putInt(version)
                .put(s)
                .array();
    }

    /** Returns the baseline encoded by {@link #toBytes}; throws {@link DriftSummaryException}. */
    public static Baseline fromBytes(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int length = b.getInt();
            if (length < 0 || length > b.remaining()) {
                throw new DriftSummaryException("corrupt baseline: bad name length");
            }
            byte[] n = new byte[length];
            b.get(n);
            int version = b.getInt();
            byte[] s = new byte[b.remaining()];
            b.get(s);
            return new Baseline(
                    new String(n, StandardCharsets.UTF_8), version, DriftSummary.fromBytes(s));
        } catch (java.nio.BufferUnderflowException e) {
            throw new DriftSummaryException("truncated baseline");
        }
    }
}
