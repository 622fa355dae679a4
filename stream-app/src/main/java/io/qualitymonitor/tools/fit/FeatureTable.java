package io.qualitymonitor.tools.fit;

import io.qualitymonitor.model.BundleManifest;
import io.qualitymonitor.model.ScoreResult;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.scoring.BatchScorer;
import io.qualitymonitor.scoring.ImagePreparer;
import io.qualitymonitor.scoring.ImageScoring;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Returns the branch features of labelled images, as the runtime computes them.
 *
 * @param branches the feature rows per branch ({@code lowlevel}, {@code vision_language}), in
 *     branch order, one row per image
 * @param count the number of images
 */
public record FeatureTable(Map<String, double[][]> branches, int count) {

    /**
     * Returns the features of {@code files}, scored in batches.
     *
     * @throws FitException naming the first image that could not be read or scored
     */
    public static FeatureTable extract(
            Scorer scorer, ImagePreparer images, List<Path> files, int batch, IntConsumer done) {
        List<ScoreResult> results =
                new ImageScoring(images, new BatchScorer(scorer), batch)
                        .scoreAll(files, done, FitException::new);
        BundleManifest m = scorer.bundle().manifest();
        int low = m.featureDim(Scorer.LOWLEVEL);
        int vl = m.featureDim(Scorer.VISION_LANGUAGE);
        Map<String, double[][]> branches = new LinkedHashMap<>();
        if (low > 0) {
            branches.put(Scorer.LOWLEVEL, new double[results.size()][]);
        }
        if (vl > 0) {
            branches.put(Scorer.VISION_LANGUAGE, new double[results.size()][]);
        }
        for (int i = 0; i < results.size(); i++) {
            float[] f = results.get(i).features();
            if (low > 0) {
                branches.get(Scorer.LOWLEVEL)[i] = slice(f, 0, low);
            }
            if (vl > 0) {
                branches.get(Scorer.VISION_LANGUAGE)[i] = slice(f, low, vl);
            }
        }
        return new FeatureTable(branches, results.size());
    }

    /** Returns a table of the given rows (indices into this table), in that order. */
    public FeatureTable rows(int[] indices) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        branches.forEach(
                (name, all) -> {
                    double[][] picked = new double[indices.length][];
                    for (int i = 0; i < indices.length; i++) {
                        picked[i] = all[indices[i]];
                    }
                    out.put(name, picked);
                });
        return new FeatureTable(out, indices.length);
    }

    /** Returns the rows of the named branches side by side, in the order given. */
    public double[][] concat(List<String> names) {
        double[][] out = new double[count][];
        for (int i = 0; i < count; i++) {
            int width = 0;
            for (String n : names) {
                width += branches.get(n)[i].length;
            }
            double[] row = new double[width];
            int at = 0;
            for (String n : names) {
                double[] part = branches.get(n)[i];
                System.arraycopy(part, 0, row, at, part.length);
                at += part.length;
            }
            out[i] = row;
        }
        return out;
    }

    private static double[] slice(float[] f, int from, int length) {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = f[from + i];
        }
        return out;
    }
}
