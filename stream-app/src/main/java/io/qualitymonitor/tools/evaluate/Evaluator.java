package io.qualitymonitor.tools.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures how well scores follow subjective labels: SRCC, KRCC and PLCC (after a four-parameter
 * logistic fit on the whole set, reused by the bootstrap resamples) with bootstrap intervals,
 * overall and per group.
 *
 * <p>Scores of a lower-is-better model are negated first, so that a good model has positive
 * coefficients whatever its direction.
 */
public final class Evaluator {

    /** Fewer images than this in a set give NaN coefficients (a logistic has four parameters). */
    public static final int MIN_IMAGES = 5;

    private final Bootstrap bootstrap;

    /** Creates an evaluator with the given bootstrap settings. */
    public Evaluator(EvaluationSettings settings) {
        this.bootstrap = new Bootstrap(settings);
    }

    /**
     * Evaluates one model.
     *
     * @param model the model's name
     * @param lowerIsBetter whether a lower score means better quality
     * @param scores the model's score per image
     * @param labels the label (e.g. MOS) per image, same order
     * @param groups the group per image, or null when there are none
     */
    public ModelEvaluation evaluate(
            String model,
            boolean lowerIsBetter,
            double[] scores,
            double[] labels,
            String[] groups) {
        if (scores.length != labels.length || (groups != null && groups.length != scores.length)) {
            throw new IllegalArgumentException(
                    "scores, labels and groups must have one value per image");
        }
        double[] oriented = lowerIsBetter ? negate(scores) : scores.clone();
        Map<String, CorrelationSummary> perGroup = new LinkedHashMap<>();
        if (groups != null) {
            for (Map.Entry<String, List<Integer>> g : indexByGroup(groups).entrySet()) {
                int[] idx = g.getValue().stream().mapToInt(Integer::intValue).toArray();
                perGroup.put(g.getKey(), summarise(select(oriented, idx), select(labels, idx)));
            }
        }
        return new ModelEvaluation(model, lowerIsBetter, summarise(oriented, labels), perGroup);
    }

    /** Returns the coefficients and intervals of scores (higher is better) against labels. */
    public CorrelationSummary summarise(double[] scores, double[] labels) {
        if (scores.length < MIN_IMAGES || isConstant(scores) || isConstant(labels)) {
            Interval nan = new Interval(Double.NaN, Double.NaN, Double.NaN);
            return new CorrelationSummary(scores.length, nan, nan, nan, null);
        }
        LogisticFit fit = LogisticFit.fit(scores, labels, true);
        // PLCC resamples reuse the full sample's logistic mapping (fitted once, as a calibration
        // step); refitting it per resample cost minutes for a few thousand images
        Interval[] iv =
                bootstrap.intervals(
                        scores,
                        labels,
                        Correlations::srcc,
                        (x, y) -> plcc(x, y, fit),
                        Correlations::krcc);
        return new CorrelationSummary(scores.length, iv[0], iv[1], iv[2], fit);
    }

    private static double plcc(double[] x, double[] y, LogisticFit fit) {
        if (isConstant(x) || isConstant(y)) {
            return Double.NaN;
        }
        return Correlations.plcc(x, y, fit);
    }

    private static Map<String, List<Integer>> indexByGroup(String[] groups) {
        Map<String, List<Integer>> byGroup = new TreeMap<>();
        for (int i = 0; i < groups.length; i++) {
            byGroup.computeIfAbsent(groups[i], k -> new ArrayList<>()).add(i);
        }
        return byGroup;
    }

    private static double[] select(double[] values, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = values[idx[i]];
        }
        return out;
    }

    private static double[] negate(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = -values[i];
        }
        return out;
    }

    private static boolean isConstant(double[] values) {
        for (double v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }
}
