package io.qualitymonitor.model;

import java.util.List;

/**
 * Returns a ridge head: {@code clamp(bias + sum w_i (x_i - mean_i) / std_i, 0, 100)} over the
 * concatenated features of the named branches.
 *
 * @param name the head's name ({@code combined}, or a branch name for that branch's score)
 * @param features the branches whose features it reads, in order
 */
public record RidgeHead(
        String name,
        List<String> features,
        double[] mean,
        double[] std,
        double[] weights,
        double bias) {

    /** Returns the score of one image, given its features per branch in head order. */
    public double score(List<float[]> branchFeatures) {
        double s = bias;
        int i = 0;
        for (float[] part : branchFeatures) {
            for (float v : part) {
                s += weights[i] * (v - mean[i]) / std[i];
                i++;
            }
        }
        if (i != weights.length) {
            throw new ModelException(
                    "regressor head '"
                            + name
                            + "' expects "
                            + weights.length
                            + " features, got "
                            + i);
        }
        return Math.min(100.0, Math.max(0.0, s));
    }
}
