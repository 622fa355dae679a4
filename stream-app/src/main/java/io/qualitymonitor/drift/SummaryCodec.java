package io.qualitymonitor.drift;

import io.qualitymonitor.config.DriftConfig;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes summaries: a format byte, the histogram range and its counts as variable-length integers,
 * the moments, then the reservoir with values as half-precision floats.
 */
final class SummaryCodec {
    private static final byte FORMAT = 1;

    private SummaryCodec() {}

    static byte[] encode(DriftSummary s) {
        ScoreHistogram h = s.histogram();
        VectorReservoir r = s.reservoir();
        List<float[]> items = r.items();
        ByteBuffer b = ByteBuffer.allocate(maxBytes(h.bins(), r.capacity(), r.dim()));
        b.put(FORMAT).putDouble(h.min()).putDouble(h.max());
        putVarLong(b, h.bins());
        for (long c : h.counts()) {
            putVarLong(b, c);
        }
        putVarLong(b, s.moments().count());
        b.putDouble(s.moments().mean()).putDouble(s.moments().m2());
        putVarLong(b, r.capacity());
        putVarLong(b, r.dim());
        b.putLong(r.seed());
        putVarLong(b, r.seen());
        putVarLong(b, items.size());
        for (float[] v : items) {
            for (float x : v) {
                b.putShort(Float.floatToFloat16(x));
            }
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    static DriftSummary decode(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.get() != FORMAT) {
                throw new DriftSummaryException("unknown drift summary format");
            }
            double min = b.getDouble();
            double max = b.getDouble();
            long[] counts = new long[checkedSize(getVarLong(b), 10_000)];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = getVarLong(b);
            }
            RunningMoments m = RunningMoments.of(getVarLong(b), b.getDouble(), b.getDouble());
            int capacity = checkedSize(getVarLong(b), 1 << 16);
            int dim = checkedSize(getVarLong(b), 1 << 16);
            long seed = b.getLong();
            long seen = getVarLong(b);
            int size = checkedSize(getVarLong(b), capacity);
            List<float[]> items = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                float[] v = new float[dim];
                for (int j = 0; j < dim; j++) {
                    v[j] = Float.float16ToFloat(b.getShort());
                }
                items.add(v);
            }
            return new DriftSummary(
                    ScoreHistogram.of(min, max, counts),
                    m,
                    VectorReservoir.of(capacity, dim, seed, seen, items));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new DriftSummaryException(
                    "truncated or corrupt drift summary: " + e.getMessage());
        }
    }

    static int maxBytes(DriftConfig.Shape shape) {
        return maxBytes(shape.histogramBins(), shape.reservoirSize(), shape.featureDim());
    }

    private static int maxBytes(int bins, int capacity, int dim) {
        // format + range + bins + counts + moments + reservoir header + values
        return 1 + 16 + 10 + bins * 10 + 10 + 16 + 10 + 10 + 8 + 10 + 10 + capacity * dim * 2;
    }

    private static int checkedSize(long n, int max) {
        if (n < 0 || n > max) {
            throw new DriftSummaryException("corrupt drift summary: size " + n + " out of range");
        }
        return (int) n;
    }

    private static void putVarLong(ByteBuffer b, long v) {
        while ((v & ~0x7FL) != 0) {
            b.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        b.put((byte) v);
    }

    private static long getVarLong(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b.get();
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new DriftSummaryException("corrupt drift summary: variable-length integer too long");
    }
}
