package io.qualitymonitor.tools.fit;

import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.tools.evaluate.Correlations;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Fits the heads of a stacked bundle (see {@link BundleFitter.Stack}): the low-level head on the
 * main images, and the combined head as that head plus a ridge correction from the other branches
 * fitted on images their encoders never saw, kept only when it cross-validates better than none.
 */
final class StackFitter {
    private final RidgeFitter fitter;

    StackFitter(RidgeFitter fitter) {
        this.fitter = fitter;
    }

    /**
     * Fits the heads for a stack (see {@link BundleFitter.Stack}) into {@code fits} and returns the
     * combined head's fit, with weights in {@code branches} order; {@code stacked} gets what was
     * done.
     */
    RidgeFit fit(
            FeatureTable table,
            double[] targets,
            LabelScale scale,
            BundleFitter.Settings s,
            List<String> branches,
            Map<String, RidgeFit> fits,
            Map<String, Object> stacked) {
        BundleFitter.Stack stack = s.stack();
        BundleFitter.checkStackable(branches);
        List<String> others = branches.stream().filter(b -> !b.equals(Scorer.LOWLEVEL)).toList();
        if (!stack.table().branches().keySet().equals(table.branches().keySet())) {
            throw new FitException("the stacking images' features come from other branches");
        }
        double[][] low = table.concat(List.of(Scorer.LOWLEVEL));
        RidgeFit base = fitter.fit(low, targets, s.cvGroups(), s.rowWeights());
        RidgeFit offsetModel = withoutRows(base, low, targets, s.rowWeights(), stack.mainRows());
        double[] stackTargets = scale.toScores(stack.labels());
        double[][] stackLow = stack.table().concat(List.of(Scorer.LOWLEVEL));
        double[] offset = new double[stackLow.length];
        for (int i = 0; i < offset.length; i++) {
            offset[i] = offsetModel.predict(stackLow[i]);
        }
        RidgeFit correction =
                fitter.fit(
                        stack.table().concat(others),
                        stackTargets,
                        stack.cvGroups(),
                        stack.rowWeights(),
                        offset);
        double[] w =
                stack.rowWeights() != null ? stack.rowWeights() : RidgeSolver.ones(offset.length);
        double meanResidual = 0;
        double totalWeight = 0;
        for (int i = 0; i < offset.length; i++) {
            meanResidual += w[i] * (stackTargets[i] - offset[i]);
            totalWeight += w[i];
        }
        meanResidual /= totalWeight;
        double noneMse = 0;
        for (int i = 0; i < offset.length; i++) {
            double r = stackTargets[i] - offset[i] - meanResidual;
            noneMse += w[i] * r * r;
        }
        noneMse /= totalWeight;
        boolean kept = correction.cvMse()[correction.chosen()] < noneMse;
        double[] corrWeights =
                kept ? correction.weights() : new double[correction.weights().length];
        double corrBias = kept ? correction.bias() : meanResidual;
        int lowDim = base.weights().length;
        int dim = lowDim + corrWeights.length;
        double[] mean = new double[dim];
        double[] std = new double[dim];
        double[] weights = new double[dim];
        // branches order: the low-level block where it stands, the others' blocks in their order
        int at = 0;
        int otherAt = 0;
        for (String b : branches) {
            int len = table.branches().get(b)[0].length;
            if (b.equals(Scorer.LOWLEVEL)) {
                System.arraycopy(base.mean(), 0, mean, at, len);
                System.arraycopy(base.std(), 0, std, at, len);
                System.arraycopy(base.weights(), 0, weights, at, len);
            } else {
                System.arraycopy(correction.mean(), otherAt, mean, at, len);
                System.arraycopy(correction.std(), otherAt, std, at, len);
                System.arraycopy(corrWeights, otherAt, weights, at, len);
                otherAt += len;
            }
            at += len;
        }
        double srccAlone = Correlations.srcc(offset, stackTargets);
        double[] cvMse = correction.cvMse().clone();
        double[] cvSrcc = correction.cvSrcc().clone();
        if (!kept) {
            Arrays.fill(cvMse, noneMse);
            Arrays.fill(cvSrcc, srccAlone);
        }
        RidgeFit combined =
                new RidgeFit(
                        mean,
                        std,
                        weights,
                        base.bias() + corrBias,
                        correction.alpha(),
                        correction.alphas(),
                        cvMse,
                        cvSrcc);
        fits.put(BundleFitter.COMBINED, combined);
        fits.put(Scorer.LOWLEVEL, base);
        for (String b : others) {
            fits.put(
                    b,
                    fitter.fit(
                            stack.table().concat(List.of(b)),
                            stackTargets,
                            stack.cvGroups(),
                            stack.rowWeights()));
        }
        stacked.put("base", Scorer.LOWLEVEL);
        stacked.put("n_images", stack.table().count());
        stacked.put(
                "n_also_main_images",
                (int) Arrays.stream(stack.mainRows()).filter(r -> r >= 0).count());
        stacked.put("fitted_there", others);
        stacked.put(
                "correction",
                kept
                        ? "ridge on " + others + ", alpha " + correction.alpha()
                        : "none (did not cross-validate better than the low-level head alone)");
        stacked.put("srcc_lowlevel_alone", round4(srccAlone));
        stacked.put("cv_srcc_combined", round4(combined.chosenCvSrcc()));
        return combined;
    }

    /**
     * Returns {@code base} refitted (same alpha) without the main rows in {@code rows} (-1 = none),
     * or {@code base} itself when none of them is a main row.
     */
    private static RidgeFit withoutRows(
            RidgeFit base, double[][] x, double[] targets, double[] weights, int[] rows) {
        boolean[] drop = new boolean[targets.length];
        for (int r : rows) {
            if (r >= 0) {
                drop[r] = true;
            }
        }
        int[] keep = IntStream.range(0, targets.length).filter(i -> !drop[i]).toArray();
        if (keep.length == targets.length) {
            return base;
        }
        if (keep.length < 2) {
            throw new FitException("the stacking images are all the main images: keep some apart");
        }
        double[][] xk = Arrays.stream(keep).mapToObj(i -> x[i]).toArray(double[][]::new);
        double[] yk = Arrays.stream(keep).mapToDouble(i -> targets[i]).toArray();
        double[] wk =
                Arrays.stream(keep).mapToDouble(i -> weights != null ? weights[i] : 1.0).toArray();
        return RidgeSolver.solveAll(xk, yk, wk, new double[] {base.alpha()})[0];
    }

    private static double round4(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
