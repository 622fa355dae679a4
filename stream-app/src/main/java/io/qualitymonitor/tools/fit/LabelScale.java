package io.qualitymonitor.tools.fit;

/**
 * Returns the linear map from labels to the bundle's 0-100 higher-is-better scores: the lowest
 * training label goes to 0 and the highest to 100, or the other way round for labels where lower is
 * better (DMOS, distortion level).
 *
 * @param min the lowest training label
 * @param max the highest training label
 * @param lowerBetter whether a lower label means better quality
 */
public record LabelScale(double min, double max, boolean lowerBetter) {

    /**
     * Returns the scale spanning {@code labels}; throws {@link FitException} when they are equal.
     */
    public static LabelScale of(double[] labels, boolean lowerBetter) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : labels) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (!(max > min)) {
            throw new FitException("all labels are equal (" + min + "); nothing to fit");
        }
        return new LabelScale(min, max, lowerBetter);
    }

    /** Returns the 0-100 target of one label. */
    public double toScore(double label) {
        double t = 100.0 * (label - min) / (max - min);
        return lowerBetter ? 100.0 - t : t;
    }

    /** Returns the 0-100 targets of all labels. */
    public double[] toScores(double[] labels) {
        double[] out = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = toScore(labels[i]);
        }
        return out;
    }

    /** Returns the mapping in words, for the bundle's {@code trained_on}. */
    public String describe() {
        return lowerBetter
                ? "score = 100 * ("
                        + max
                        + " - label) / "
                        + (max - min)
                        + " (lower label is better)"
                : "score = 100 * (label - " + min + ") / " + (max - min);
    }
}
