package io.qualitymonitor.model;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates images for the vision-language image encoder: one {@code [N, 3, size, size]} centre
 * crop tensor in, one L2-normalised {@code embed_dim} embedding per image out.
 */
final class VisionLanguageTranslator extends ImageBatchTranslator {
    private final VisionLanguageSpec spec;

    VisionLanguageTranslator(VisionLanguageSpec spec) {
        super(spec.input());
        this.spec = spec;
    }

    @Override
    Shape shape(int n) {
        return new Shape(n, 3, spec.input().size(), spec.input().size());
    }

    @Override
    List<float[]> features(float[] rows, int n) {
        int dim = spec.embedDim();
        if (rows.length != n * dim) {
            throw new ModelException(
                    spec.imageFile()
                            + " returned "
                            + rows.length / Math.max(1, n)
                            + " values per image; bundle.json says embed_dim "
                            + dim);
        }
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] e = new float[dim];
            System.arraycopy(rows, i * dim, e, 0, dim);
            FeatureMath.l2Normalise(e, 0, dim);
            out.add(e);
        }
        return out;
    }
}
