package io.qualitymonitor.tools.fit;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;

/**
 * Solves ridge regression in closed form, for several regularisation strengths at once: weighted
 * standardisation, then the primal or the dual normal equations, whichever is smaller, by Cholesky.
 */
final class RidgeSolver {
    private RidgeSolver() {}

    /** Returns one closed-form fit per alpha with equal row weights. */
    static RidgeFit[] solveAll(double[][] x, double[] y, double[] alphas) {
        return solveAll(x, y, ones(y.length), alphas);
    }

    /**
     * Returns one closed-form weighted fit per alpha; the standardisation and the Gram matrix
     * (primal or dual form, whichever is smaller) are computed once and shared. Weights enter as
     * rows scaled by {@code sqrt(w)} after weighted standardisation.
     */
    static RidgeFit[] solveAll(double[][] x, double[] y, double[] w, double[] alphas) {
        int n = x.length;
        int d = x[0].length;
        double total = Arrays.stream(w).sum();
        double[] mean = new double[d];
        double[] std = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += w[i] * x[i][j] / total;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                std[j] += w[i] * (x[i][j] - mean[j]) * (x[i][j] - mean[j]) / total;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = std[j] < 1e-24 ? 1.0 : Math.sqrt(std[j]);
        }
        double bias = 0;
        for (int i = 0; i < n; i++) {
            bias += w[i] * y[i] / total;
        }
        double[][] z = new double[n][d];
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            double root = Math.sqrt(w[i]);
            for (int j = 0; j < d; j++) {
                z[i][j] = root * (x[i][j] - mean[j]) / std[j];
            }
            r[i] = root * (y[i] - bias);
        }
        boolean primal = d <= n;
        double[][] gram = primal ? columnGram(z, d) : rowGram(z);
        double[] rhs = primal ? transposeTimes(z, r, d) : r;
        double[] none = new double[0];
        RidgeFit[] out = new RidgeFit[alphas.length];
        for (int a = 0; a < alphas.length; a++) {
            double[][] m = new double[gram.length][];
            for (int i = 0; i < gram.length; i++) {
                m[i] = gram[i].clone();
                m[i][i] += alphas[a];
            }
            double[] s =
                    new CholeskyDecomposition(new Array2DRowRealMatrix(m, false))
                            .getSolver()
                            .solve(new ArrayRealVector(rhs, false))
                            .toArray();
            double[] coef = primal ? s : transposeTimes(z, s, d);
            out[a] = new RidgeFit(mean, std, coef, bias, alphas[a], none, none, none);
        }
        return out;
    }

    /** Returns {@code n} equal row weights. */
    static double[] ones(int n) {
        double[] out = new double[n];
        Arrays.fill(out, 1.0);
        return out;
    }

    /** Returns {@code z^T z}, exactly symmetric (Cholesky checks symmetry). */
    private static double[][] columnGram(double[][] z, int d) {
        double[][] g = new double[d][d];
        for (double[] row : z) {
            for (int j = 0; j < d; j++) {
                double v = row[j];
                double[] gj = g[j];
                for (int k = j; k < d; k++) {
                    gj[k] += v * row[k];
                }
            }
        }
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < j; k++) {
                g[j][k] = g[k][j];
            }
        }
        return g;
    }

    /** Returns {@code z z^T}, exactly symmetric. */
    private static double[][] rowGram(double[][] z) {
        int n = z.length;
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = i; k < n; k++) {
                double dot = 0;
                for (int j = 0; j < z[i].length; j++) {
                    dot += z[i][j] * z[k][j];
                }
                g[i][k] = dot;
                g[k][i] = dot;
            }
        }
        return g;
    }

    /** Returns {@code z^T v}. */
    private static double[] transposeTimes(double[][] z, double[] v, int d) {
        double[] out = new double[d];
        for (int i = 0; i < z.length; i++) {
            for (int j = 0; j < d; j++) {
                out[j] += z[i][j] * v[i];
            }
        }
        return out;
    }
}
