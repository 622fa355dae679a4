package io.qualitymonitor.tools.baseline;

/** MATLAB's {@code nanmean} and {@code nancov} over feature rows (one row per observation). */
final class FeatureStats {

    private FeatureStats() {}

    /** Returns the column means, ignoring NaN entries column by column. */
    static double[] nanMean(double[][] rows) {
        int d = rows[0].length;
        double[] mean = new double[d];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            int n = 0;
            for (double[] row : rows) {
                if (!Double.isNaN(row[j])) {
                    sum += row[j];
                    n++;
                }
            }
            mean[j] = n == 0 ? Double.NaN : sum / n;
        }
        return mean;
    }

    /** Returns the covariance (normalised by n - 1) of the rows that hold no NaN. */
    static double[][] nanCov(double[][] rows) {
        int d = rows[0].length;
        double[] mean = new double[d];
        int n = 0;
        for (double[] row : rows) {
            if (complete(row)) {
                for (int j = 0; j < d; j++) {
                    mean[j] += row[j];
                }
                n++;
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] cov = new double[d][d];
        for (double[] row : rows) {
            if (!complete(row)) {
                continue;
            }
            for (int i = 0; i < d; i++) {
                double di = row[i] - mean[i];
                for (int j = i; j < d; j++) {
                    cov[i][j] += di * (row[j] - mean[j]);
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] /= n - 1;
                cov[j][i] = cov[i][j];
            }
        }
        return cov;
    }

    private static boolean complete(double[] row) {
        for (double v : row) {
            if (Double.isNaN(v)) {
                return false;
            }
        }
        return true;
    }
}
