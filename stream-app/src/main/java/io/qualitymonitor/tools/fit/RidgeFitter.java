package io.qualitymonitor.tools.fit;

import io.qualitymonitor.tools.evaluate.Correlations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Fits ridge regression on standardised features, choosing the regularisation by k-fold
 * cross-validation (lowest out-of-fold mean squared error; ties go to the first candidate). Each
 * fold standardises with its own training part, as the final fit does with all data; out-of-fold
 * predictions are clamped to the range of the targets, as the runtime clamps scores to 0-100. The
 * same model as {@code training/qm_training/bundle.py} {@code RidgeHead.fit}: population standard
 * deviation, intercept = mean target, penalty {@code alpha * |w|^2} on the standardised weights.
 *
 * <p>Rows may carry weights (e.g. so that pristine images, one row per photo, weigh as much as one
 * level of all distortions): the fit then minimises {@code sum w_i (y_i - f(x_i))^2 + alpha |w|^2}
 * with weighted means and standard deviations, which for integer weights is the fit on the rows
 * repeated that many times; cross-validation error is weighted the same way.
 */
public final class RidgeFitter {
    /**
     * The candidates: GRepQ's 0.1, 1, 10, 100, and 1000, 10000 for large, varied training sets
     * (photo-grouped CV on the 175 photos' drawn versions chose 1000: pooled SRCC 0.768 against
     * 0.756 at 100, docs/model-card.md).
     */
    public static final double[] DEFAULT_ALPHAS = {0.1, 1, 10, 100, 1000, 10000};

    /** Folds used by the command line. */
    public static final int DEFAULT_FOLDS = 5;

    private final double[] alphas;
    private final int folds;
    private final long seed;

    /**
     * Creates a fitter.
     *
     * @param alphas the regularisation candidates (positive)
     * @param folds the number of cross-validation folds (at least 2)
     * @param seed the seed of the fold assignment, so that a fit can be repeated
     */
    public RidgeFitter(double[] alphas, int folds, long seed) {
        if (alphas.length == 0 || Arrays.stream(alphas).anyMatch(a -> !(a > 0))) {
            throw new IllegalArgumentException("ridge alphas must be positive and non-empty");
        }
        if (folds < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds");
        }
        this.alphas = alphas.clone();
        this.folds = folds;
        this.seed = seed;
    }

    /**
     * Returns the fit on all rows with the alpha that cross-validated best.
     *
     * @param x features, one row per sample
     * @param y targets, one per row
     * @throws FitException when there are fewer rows than twice the folds
     */
    public RidgeFit fit(double[][] x, double[] y) {
        return fit(x, y, null);
    }

    /**
     * Returns the fit on all rows with the alpha that cross-validated best, keeping rows of one
     * group (e.g. distorted versions of one photo) in one fold, so that cross-validation measures
     * how the fit does on unseen content.
     *
     * @param x features, one row per sample
     * @param y targets, one per row
     * @param groups a group id per row, or null to treat each row as its own group
     * @throws FitException when there are fewer rows than twice the folds, or fewer groups than
     *     folds
     */
    public RidgeFit fit(double[][] x, double[] y, int[] groups) {
        return fit(x, y, groups, null);
    }

    /**
     * Returns the weighted fit on all rows with the alpha that cross-validated best (lowest
     * weighted out-of-fold mean squared error), folds kept by group as in {@link #fit(double[][],
     * double[], int[])}.
     *
     * @param weights a positive weight per row, or null for equal weights
     */
    public RidgeFit fit(double[][] x, double[] y, int[] groups, double[] weights) {
        return fit(x, y, groups, weights, null);
    }

    /**
     * Returns a fit of what another model leaves over (stacking): the ridge predicts {@code y -
     * offset}, so {@code offset + prediction} predicts {@code y}. Cross-validation as in {@link
     * #fit(double[][], double[], int[], double[])}; the reported out-of-fold mean squared error is
     * that of {@code offset + prediction} against {@code y} (the same as the residual's), the
     * Spearman correlation that of {@code offset + prediction} against {@code y}.
     *
     * @param offset the other model's prediction per row, or null for none (a plain fit)
     */
    public RidgeFit fit(double[][] x, double[] y, int[] groups, double[] weights, double[] offset) {
        if (x.length != y.length
                || (groups != null && groups.length != y.length)
                || (weights != null && weights.length != y.length)
                || (offset != null && offset.length != y.length)) {
            throw new IllegalArgumentException("x and y must have one row per sample");
        }
        double[] w = weights != null ? weights : RidgeSolver.ones(y.length);
        if (Arrays.stream(w).anyMatch(v -> !(v > 0) || !Double.isFinite(v))) {
            throw new IllegalArgumentException("row weights must be positive and finite");
        }
        if (x.length < 2 * folds) {
            throw new FitException(
                    "ridge fit needs at least " + 2 * folds + " labelled images, got " + x.length);
        }
        double[] target = y;
        if (offset != null) {
            target = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                target[i] = y[i] - offset[i];
            }
        }
        int[] foldOf =
                assignFolds(groups != null ? groups : IntStream.range(0, y.length).toArray());
        double[][] pred = crossValidate(x, target, w, foldOf);
        double totalWeight = Arrays.stream(w).sum();
        double[] mse = new double[alphas.length];
        double[] srcc = new double[alphas.length];
        for (int a = 0; a < alphas.length; a++) {
            double sum = 0;
            for (int i = 0; i < y.length; i++) {
                sum += w[i] * (pred[a][i] - target[i]) * (pred[a][i] - target[i]);
                if (offset != null) {
                    pred[a][i] += offset[i];
                }
            }
            mse[a] = sum / totalWeight;
            srcc[a] = Correlations.srcc(pred[a], y);
        }
        int best = 0;
        for (int a = 1; a < alphas.length; a++) {
            if (mse[a] < mse[best]) {
                best = a;
            }
        }
        RidgeFit full = RidgeSolver.solveAll(x, target, w, new double[] {alphas[best]})[0];
        return new RidgeFit(
                full.mean(),
                full.std(),
                full.weights(),
                full.bias(),
                alphas[best],
                alphas.clone(),
                mse,
                srcc);
    }

    /** Returns the fold of each row: groups shuffled with the seed, dealt round-robin. */
    private int[] assignFolds(int[] groups) {
        List<Integer> distinct =
                new ArrayList<>(new TreeSet<>(Arrays.stream(groups).boxed().toList()));
        if (distinct.size() < folds) {
            throw new FitException(
                    folds
                            + "-fold cross-validation needs at least "
                            + folds
                            + " groups, got "
                            + distinct.size());
        }
        Collections.shuffle(distinct, new Random(seed));
        Map<Integer, Integer> foldOfGroup = new HashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            foldOfGroup.put(distinct.get(i), i % folds);
        }
        return Arrays.stream(groups).map(foldOfGroup::get).toArray();
    }

    /** Returns the out-of-fold predictions per alpha: {@code [alpha][row]}. */
    private double[][] crossValidate(double[][] x, double[] y, double[] w, int[] foldOf) {
        double[][] pred = new double[alphas.length][y.length];
        double lo = Arrays.stream(y).min().orElse(0);
        double hi = Arrays.stream(y).max().orElse(0);
        for (int f = 0; f < folds; f++) {
            final int fold = f;
            int[] train = IntStream.range(0, y.length).filter(i -> foldOf[i] != fold).toArray();
            double[][] xt = new double[train.length][];
            double[] yt = new double[train.length];
            double[] wt = new double[train.length];
            for (int i = 0; i < train.length; i++) {
                xt[i] = x[train[i]];
                yt[i] = y[train[i]];
                wt[i] = w[train[i]];
            }
            RidgeFit[] parts = RidgeSolver.solveAll(xt, yt, wt, alphas);
            for (int a = 0; a < alphas.length; a++) {
                for (int i = 0; i < y.length; i++) {
                    if (foldOf[i] == fold) {
                        pred[a][i] = Math.min(hi, Math.max(lo, parts[a].predict(x[i])));
                    }
                }
            }
        }
        return pred;
    }
}
