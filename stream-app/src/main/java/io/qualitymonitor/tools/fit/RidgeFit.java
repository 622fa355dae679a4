package io.qualitymonitor.tools.fit;

/**
 * Returns a fitted ridge regression on standardised features: {@code bias + sum w_i (x_i - mean_i)
 * / std_i}, and how each candidate regularisation did in cross-validation.
 *
 * @param mean the per-feature mean of the training features
 * @param std the per-feature standard deviation (population; 1 where a feature is constant)
 * @param weights the weights on the standardised features
 * @param bias the intercept (the mean target)
 * @param alpha the chosen regularisation strength
 * @param alphas the candidates tried, in order
 * @param cvMse the out-of-fold mean squared error per candidate
 * @param cvSrcc the out-of-fold Spearman correlation per candidate
 */
public record RidgeFit(
        double[] mean,
        double[] std,
        double[] weights,
        double bias,
        double alpha,
        double[] alphas,
        double[] cvMse,
        double[] cvSrcc) {

    /** Returns the prediction (not clamped) for one feature vector. */
    public double predict(double[] x) {
        double s = bias;
        for (int i = 0; i < weights.length; i++) {
            s += weights[i] * (x[i] - mean[i]) / std[i];
        }
        return s;
    }

    /** Returns the index of the chosen alpha among {@link #alphas()}. */
    public int chosen() {
        for (int i = 0; i < alphas.length; i++) {
            if (alphas[i] == alpha) {
                return i;
            }
        }
        return -1;
    }

    /** Returns the out-of-fold Spearman correlation of the chosen alpha. */
    public double chosenCvSrcc() {
        return cvSrcc[chosen()];
    }

    /** Returns the out-of-fold root mean squared error of the chosen alpha. */
    public double chosenCvRmse() {
        return Math.sqrt(cvMse[chosen()]);
    }
}
