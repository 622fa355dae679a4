package io.qualitymonitor.tools.fit;

import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.tools.evaluate.Correlations;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
     * What a stacked fit starts from: the main images' features and targets (scores), the label
     * scale that turns the stacking images' labels into scores, the fit settings (their {@code
     * stack()} present) and the branches in the bundle's order.
     */
    record Input(
            FeatureTable table,
            double[] targets,
            LabelScale scale,
            BundleFitter.Settings settings,
            List<String> branches) {}

    /**
     * Fits the heads for a stack (see {@link BundleFitter.Stack}) into {@code fits} and returns the
     * combined head's fit, with weights in {@code branches} order; {@code stacked} gets what was
     * done.
     */
    RidgeFit fit(Input in, Map<String, RidgeFit> fits, Map<String, Object> stacked) {
        BundleFitter.Settings s = in.settings();
        BundleFitter.Stack stack = s.stack();
        BundleFitter.checkStackable(in.branches());
        List<String> others =
                in.branches().stream().filter(b -> !b.equals(Scorer.LOWLEVEL)).toList();
        if (!stack.table().branches().keySet().equals(in.table().branches().keySet())) {
            throw new FitException("the stacking images' features come from other branches");
        }
        double[][] low = in.table().concat(List.of(Scorer.LOWLEVEL));
        RidgeFit base = fitter.fit(low, in.targets(), s.cvGroups(), s.rowWeights());
        RidgeFit offsetModel =
                withoutRows(base, low, in.targets(), s.rowWeights(), stack.mainRows());
        double[] stackTargets = in.scale().toScores(stack.labels());
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
        NoCorrection none = NoCorrection.of(stackTargets, offset, stack.rowWeights());
        boolean kept = correction.cvMse()[correction.chosen()] < none.mse();
        double srccAlone = Correlations.srcc(offset, stackTargets);
        RidgeFit combined = combine(in, base, kept ? correction : none.in(correction, srccAlone));
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
        String done =
                kept
                        ? "ridge on " + others + ", alpha " + correction.alpha()
                        : "none (did not cross-validate better than the low-level head alone)";
        stacked.putAll(report(stack, others, done, srccAlone, combined));
        return combined;
    }

    /**
     * The stacking images' fit without a correction: the low-level prediction plus their weighted
     * mean residual, and its mean squared error, which a correction must beat in cross-validation.
     */
    private record NoCorrection(double meanResidual, double mse) {

        static NoCorrection of(double[] targets, double[] offset, double[] rowWeights) {
            double[] w = rowWeights != null ? rowWeights : RidgeSolver.ones(offset.length);
            double meanResidual = 0;
            double totalWeight = 0;
            for (int i = 0; i < offset.length; i++) {
                meanResidual += w[i] * (targets[i] - offset[i]);
                totalWeight += w[i];
            }
            meanResidual /= totalWeight;
            double mse = 0;
            for (int i = 0; i < offset.length; i++) {
                double r = targets[i] - offset[i] - meanResidual;
                mse += w[i] * r * r;
            }
            return new NoCorrection(meanResidual, mse / totalWeight);
        }

        /**
         * Returns this as a correction shaped like {@code fitted}: zero weights, the mean residual
         * as bias, and its own error and {@code srccAlone} as every alpha's cross-validation.
         */
        RidgeFit in(RidgeFit fitted, double srccAlone) {
            double[] cvMse = fitted.cvMse().clone();
            double[] cvSrcc = fitted.cvSrcc().clone();
            Arrays.fill(cvMse, mse);
            Arrays.fill(cvSrcc, srccAlone);
            return new RidgeFit(
                    fitted.mean(),
                    fitted.std(),
                    new double[fitted.weights().length],
                    meanResidual,
                    fitted.alpha(),
                    fitted.alphas(),
                    cvMse,
                    cvSrcc);
        }
    }

    /**
     * Returns the combined head: the low-level head's block where the low-level branch stands in
     * {@code branches} order, the correction's blocks for the other branches in their order, and
     * the two biases added; its cross-validation figures are the correction's.
     */
    private static RidgeFit combine(Input in, RidgeFit base, RidgeFit correction) {
        int dim = base.weights().length + correction.weights().length;
        double[] mean = new double[dim];
        double[] std = new double[dim];
        double[] weights = new double[dim];
        int at = 0;
        int otherAt = 0;
        for (String b : in.branches()) {
            int len = in.table().branches().get(b)[0].length;
            RidgeFit from = b.equals(Scorer.LOWLEVEL) ? base : correction;
            int fromAt = b.equals(Scorer.LOWLEVEL) ? 0 : otherAt;
            System.arraycopy(from.mean(), fromAt, mean, at, len);
            System.arraycopy(from.std(), fromAt, std, at, len);
            System.arraycopy(from.weights(), fromAt, weights, at, len);
            otherAt += b.equals(Scorer.LOWLEVEL) ? 0 : len;
            at += len;
        }
        return new RidgeFit(
                mean,
                std,
                weights,
                base.bias() + correction.bias(),
                correction.alpha(),
                correction.alphas(),
                correction.cvMse().clone(),
                correction.cvSrcc().clone());
    }

    /** Returns what the stacking did, in the order the bundle's provenance lists it. */
    private static Map<String, Object> report(
            BundleFitter.Stack stack,
            List<String> others,
            String correction,
            double srccAlone,
            RidgeFit combined) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("base", Scorer.LOWLEVEL);
        r.put("n_images", stack.table().count());
        r.put(
                "n_also_main_images",
                (int) Arrays.stream(stack.mainRows()).filter(row -> row >= 0).count());
        r.put("fitted_there", others);
        r.put("correction", correction);
        r.put("srcc_lowlevel_alone", round4(srccAlone));
        r.put("cv_srcc_combined", round4(combined.chosenCvSrcc()));
        return r;
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
