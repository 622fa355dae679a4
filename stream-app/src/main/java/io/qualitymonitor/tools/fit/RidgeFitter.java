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

    /**
     * Returns the out-of-fold Spearman correlation of fits with {@code alpha} on distortion types
     * they never saw, or NaN when the rows name fewer types than there are folds. Cross-validation
     * by group (e.g. photo) measures unseen content met with the distortion code the fit saw; this
     * measures unseen content and unseen code, what another generator or a new kind of damage
     * brings. A row's types are its label group split at {@code +} ({@code blur+jpeg} is a chain);
     * {@code pristine} or an empty group names none. The types are dealt into folds as groups are;
     * for group fold g and type fold t, a fit on the rows outside g that apply no type of t
     * predicts the rows of g whose first type is in t (rows without a type when t is the first).
     *
     * @param groups a group id per row, or null to treat each row as its own group
     * @param types the label group of each row
     * @param weights a positive weight per row, or null for equal weights
     */
    public double unseenTypesSrcc(
            double[][] x,
            double[] y,
            int[] groups,
            String[] types,
            double[] weights,
            double alpha) {
        List<List<String>> typesOf = Arrays.stream(types).map(RidgeFitter::typesOf).toList();
        List<String> names =
                new ArrayList<>(new TreeSet<>(typesOf.stream().flatMap(List::stream).toList()));
        if (names.size() < folds) {
            return Double.NaN;
        }
        int[] dealt = assignFolds(IntStream.range(0, names.size()).toArray());
        Map<String, Integer> typeFold = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            typeFold.put(names.get(i), dealt[i]);
        }
        int[] groupFold =
                assignFolds(groups != null ? groups : IntStream.range(0, y.length).toArray());
        double[] w = weights != null ? weights : RidgeSolver.ones(y.length);
        double lo = Arrays.stream(y).min().orElse(0);
        double hi = Arrays.stream(y).max().orElse(0);
        double[] pred = new double[y.length];
        for (int g = 0; g < folds; g++) {
            for (int t = 0; t < folds; t++) {
                final int gf = g;
                final int tf = t;
                int[] train =
                        IntStream.range(0, y.length)
                                .filter(i -> groupFold[i] != gf)
                                .filter(
                                        i ->
                                                typesOf.get(i).stream()
                                                        .noneMatch(k -> typeFold.get(k) == tf))
                                .toArray();
                int[] test =
                        IntStream.range(0, y.length)
                                .filter(i -> groupFold[i] == gf)
                                .filter(
                                        i ->
                                                typesOf.get(i).isEmpty()
                                                        ? tf == 0
                                                        : typeFold.get(typesOf.get(i).get(0)) == tf)
                                .toArray();
                if (test.length == 0) {
                    continue;
                }
                if (train.length < 2) {
                    return Double.NaN;
                }
                RidgeFit f =
                        RidgeSolver.solveAll(
                                rows(x, train),
                                values(y, train),
                                values(w, train),
                                new double[] {alpha})[0];
                for (int i : test) {
                    pred[i] = Math.min(hi, Math.max(lo, f.predict(x[i])));
                }
            }
        }
        return Correlations.srcc(pred, y);
    }

    /** Returns the distortion types a label group names: split at {@code +}, pristine none. */
    static List<String> typesOf(String group) {
        return Arrays.stream(group == null ? new String[0] : group.split("\\+"))
                .map(String::strip)
                .filter(k -> !k.isEmpty() && !k.equalsIgnoreCase("pristine"))
                .toList();
    }

    private static double[][] rows(double[][] x, int[] at) {
        return Arrays.stream(at).mapToObj(i -> x[i]).toArray(double[][]::new);
    }

    private static double[] values(double[] v, int[] at) {
        return Arrays.stream(at).mapToDouble(i -> v[i]).toArray();
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
            RidgeFit[] parts =
                    RidgeSolver.solveAll(
                            rows(x, train), values(y, train), values(w, train), alphas);
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
