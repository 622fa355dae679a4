package io.qualitymonitor.drift;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Returns feature vectors mapped to a fixed small dimension by a seeded Gaussian random projection
 * (Johnson-Lindenstrauss), so a reservoir costs the same whatever the model's feature size.
 *
 * <p>Distances are kept within a small factor with high probability, which is what a kernel test
 * needs; more importantly the same map is applied to baseline and window, so a test on projected
 * vectors stays a valid test. The matrix for an input size is built once ({@code inputDim * dim}
 * floats, 256 KiB for 2048 to 32) and shared by all segments.
 */
public final class FeatureProjection {
    private final int dim;
    private final long seed;
    private final Map<Integer, float[][]> matrices = new ConcurrentHashMap<>();

    /** Returns a projection to {@code dim} dimensions drawn from {@code seed}. */
    public FeatureProjection(int dim, long seed) {
        if (dim < 1) {
            throw new IllegalArgumentException("projection needs dim >= 1");
        }
        this.dim = dim;
        this.seed = seed;
    }

    /** Returns the projected vector, or null when {@code features} is null or empty. */
    public float[] apply(float[] features) {
        if (features == null || features.length == 0) {
            return null;
        }
        float[][] m = matrices.computeIfAbsent(features.length, this::matrix);
        float[] out = new float[dim];
        for (int j = 0; j < dim; j++) {
            double s = 0;
            float[] row = m[j];
            for (int i = 0; i < features.length; i++) {
                s += row[i] * features[i];
            }
            out[j] = (float) s;
        }
        return out;
    }

    /** Returns the output dimension. */
    public int dim() {
        return dim;
    }

    private float[][] matrix(int inputDim) {
        SplittableRandom random = new SplittableRandom(VectorReservoir.mix(seed) ^ inputDim);
        double scale = 1.0 / Math.sqrt(dim);
        float[][] m = new float[dim][inputDim];
        for (float[] row : m) {
            for (int i = 0; i < inputDim; i++) {
                row[i] = (float) (random.nextGaussian() * scale);
            }
        }
        return m;
    }
}
