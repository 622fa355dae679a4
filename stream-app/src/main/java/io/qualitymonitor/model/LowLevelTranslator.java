package io.qualitymonitor.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates images for the low-level encoder: every crop of every scale of the whole batch goes in
 * one {@code [N*scales*crops, 3, c, c]} tensor; the output rows are averaged per image and scale,
 * L2-normalised per scale and concatenated ({@code featureDim * scales} values per image).
 */
final class LowLevelTranslator extends ImageBatchTranslator {
    private final LowLevelSpec spec;

    LowLevelTranslator(LowLevelSpec spec) {
        super(spec.input());
        this.spec = spec;
    }

    @Override
    List<float[]> features(float[] rows, int n) {
        int dim = spec.featureDim();
        int crops = spec.input().crops();
        int scales = spec.input().scales().length;
        if (rows.length != n * scales * crops * dim) {
            throw new ModelException(
                    spec.file()
                            + " returned "
                            + rows.length / Math.max(1, n * scales * crops)
                            + " features per crop; bundle.json says feature_dim "
                            + dim);
        }
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] f = new float[dim * scales];
            for (int s = 0; s < scales; s++) {
                FeatureMath.meanRows(rows, (i * scales + s) * crops, crops, dim, f, s * dim);
                FeatureMath.l2Normalise(f, s * dim, dim);
            }
            out.add(f);
        }
        return out;
    }
}
