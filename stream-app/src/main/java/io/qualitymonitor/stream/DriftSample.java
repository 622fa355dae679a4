package io.qualitymonitor.stream;

import io.qualitymonitor.drift.DriftSummaryException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Returns one score as the drift stage sees it after the segment fan-out: event time, score, model
 * version and the feature vector already projected (so the repartition topic carries 32 floats, not
 * the model's full feature vector).
 *
 * @param sourcePartition the scores-topic partition the score came from (for the watermark)
 * @param projected the projected features, or null when the model gave none
 */
public record DriftSample(
        int sourcePartition,
        long eventTimeMs,
        double score,
        String modelVersion,
        float[] projected) {

    /** Returns the binary form carried by the repartition topic. */
    public byte[] toBytes() {
        byte[] v = modelVersion.getBytes(StandardCharsets.UTF_8);
        int n = projected == null ? -1 : projected.length;
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 8 + 4 + v.length + 4 + Math.max(n, 0) * 4);
        b.putInt(sourcePartition)
                .putLong(eventTimeMs)
                .putDouble(score)
                .putInt(v.length)
                .put(v)
                .putInt(n);
        for (int i = 0; i < n; i++) {
            b.putFloat(projected[i]);
        }
        return b.array();
    }

    /** Returns the sample encoded by {@link #toBytes}; throws {@link DriftSummaryException}. */
    public static DriftSample fromBytes(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int partition = b.getInt();
            long t = b.getLong();
            double score = b.getDouble();
            byte[] v = new byte[b.getInt()];
            b.get(v);
            int n = b.getInt();
            float[] projected = n < 0 ? null : new float[n];
            for (int i = 0; i < n; i++) {
                projected[i] = b.getFloat();
            }
            return new DriftSample(
                    partition, t, score, new String(v, StandardCharsets.UTF_8), projected);
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new DriftSummaryException("corrupt drift sample");
        }
    }
}
