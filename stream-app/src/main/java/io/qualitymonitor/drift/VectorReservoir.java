package io.qualitymonitor.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Returns a uniform random sample of at most {@code capacity} fixed-length vectors from a stream
 * (reservoir sampling, Algorithm R), in memory bounded by {@code capacity * dim} floats.
 *
 * <p>Randomness is a hash of the seed and the item's position, so the same stream always gives the
 * same sample and no generator state needs saving. Values are rounded to half precision on entry,
 * so the stored form (two bytes per value) round-trips exactly; half precision keeps about three
 * significant digits, ample for kernel distances whose bandwidth is a median distance.
 */
public final class VectorReservoir {
    private final int capacity;
    private final int dim;
    private final long seed;
    private final List<float[]> items;
    private long seen;

    /** Returns an empty reservoir. */
    public VectorReservoir(int capacity, int dim, long seed) {
        if (capacity < 0 || dim < 1) {
            throw new IllegalArgumentException("reservoir needs capacity >= 0 and dim >= 1");
        }
        this.capacity = capacity;
        this.dim = dim;
        this.seed = seed;
        this.items = new ArrayList<>(Math.min(capacity, 64));
    }

    static VectorReservoir of(int capacity, int dim, long seed, long seen, List<float[]> items) {
        VectorReservoir r = new VectorReservoir(capacity, dim, seed);
        r.items.addAll(items);
        r.seen = seen;
        return r;
    }

    /**
     * Offers one vector; returns false (and keeps nothing) when its length is wrong or a value is
     * not finite in half precision.
     */
    public boolean add(float[] vector) {
        float[] v = quantize(vector);
        if (v == null) {
            return false;
        }
        long position = seen++;
        if (items.size() < capacity) {
            items.add(v);
        } else if (capacity > 0) {
            long slot = Long.remainderUnsigned(mix(seed ^ mix(position)), position + 1);
            if (slot < capacity) {
                items.set((int) slot, v);
            }
        }
        return true;
    }

    /**
     * Returns a sample of both reservoirs' streams: items drawn by weighted sampling without
     * replacement (Efraimidis-Spirakis), each weighted by how many stream items it stands for.
     */
    public VectorReservoir merged(VectorReservoir other) {
        if (capacity != other.capacity || dim != other.dim) {
            throw new DriftSummaryException(
                    "cannot merge reservoirs of different shapes: "
                            + capacity
                            + "x"
                            + dim
                            + " vs "
                            + other.capacity
                            + "x"
                            + other.dim);
        }
        SplittableRandom random = new SplittableRandom(mix(seed ^ mix(seen) ^ other.seen));
        List<double[]> keyed = new ArrayList<>();
        addKeys(keyed, this, random, 0);
        addKeys(keyed, other, random, 1);
        keyed.sort((a, b) -> Double.compare(b[0], a[0]));
        List<float[]> chosen = new ArrayList<>();
        for (int i = 0; i < Math.min(capacity, keyed.size()); i++) {
            double[] k = keyed.get(i);
            VectorReservoir from = k[1] == 0 ? this : other;
            chosen.add(from.items.get((int) k[2]));
        }
        return of(capacity, dim, seed, seen + other.seen, chosen);
    }

    private static void addKeys(
            List<double[]> keyed, VectorReservoir r, SplittableRandom random, int source) {
        double weight = r.items.isEmpty() ? 0 : (double) r.seen / r.items.size();
        for (int i = 0; i < r.items.size(); i++) {
            // log(u) / w orders items as u^(1/w) does, without underflow.
            double key = Math.log(1.0 - random.nextDouble()) / weight;
            keyed.add(new double[] {key, source, i});
        }
    }

    /** Returns the sampled vectors (shared arrays: do not modify). */
    public List<float[]> items() {
        return List.copyOf(items);
    }

    /** Returns how many vectors are kept. */
    public int size() {
        return items.size();
    }

    /** Returns how many vectors were offered in all. */
    public long seen() {
        return seen;
    }

    /** Returns the most vectors kept. */
    public int capacity() {
        return capacity;
    }

    /** Returns the length of each vector. */
    public int dim() {
        return dim;
    }

    long seed() {
        return seed;
    }

    private float[] quantize(float[] vector) {
        if (vector == null || vector.length != dim) {
            return null;
        }
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = Float.float16ToFloat(Float.floatToFloat16(vector[i]));
            if (!Float.isFinite(v[i])) {
                return null;
            }
        }
        return v;
    }

    /** SplitMix64's finaliser: a well-mixed 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
