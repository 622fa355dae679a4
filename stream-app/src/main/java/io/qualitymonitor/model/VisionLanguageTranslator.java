package io.qualitymonitor.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates images for the vision-language image encoder: the views of the branch's input (one
 * centre crop, or crops at several scales) of the whole batch in one tensor; per image, the views'
 * embeddings are L2-normalised, averaged and L2-normalised again ({@code embed_dim} values).
 */
final class VisionLanguageTranslator extends ImageBatchTranslator {
    private final VisionLanguageSpec spec;

    VisionLanguageTranslator(VisionLanguageSpec spec) {
        super(spec.input());
        this.spec = spec;
    }

    @Override
    List<float[]> features(float[] rows, int n) {
        int dim = spec.embedDim();
        int views = spec.input().viewsPerImage();
        if (rows.length != n * views * dim) {
            throw new ModelException(
                    spec.imageFile()
                            + " returned "
                            + rows.length / Math.max(1, n * views)
                            + " values per view; bundle.json says embed_dim "
                            + dim);
        }
        for (int r = 0; r < n * views; r++) {
            FeatureMath.l2Normalise(rows, r * dim, dim);
        }
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] e = new float[dim];
            FeatureMath.meanRows(rows, i * views, views, dim, e, 0);
            FeatureMath.l2Normalise(e, 0, dim);
            out.add(e);
        }
        return out;
    }
}
