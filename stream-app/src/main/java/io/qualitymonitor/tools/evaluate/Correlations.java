package io.qualitymonitor.tools.evaluate;

import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The three correlation coefficients of IQA evaluations. Ties get average ranks (SRCC) and the
 * tau-b correction (KRCC); a constant input gives NaN.
 */
public final class Correlations {

    private static final NaturalRanking RANKING =
            new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);

    private Correlations() {}

    /** Returns Spearman's rank-order correlation coefficient. */
    public static double srcc(double[] x, double[] y) {
        // Ranks then Pearson, as SpearmansCorrelation does, without its matrix copies.
        return pearson(RANKING.rank(x), RANKING.rank(y));
    }

    /** Returns Kendall's tau-b. */
    public static double krcc(double[] x, double[] y) {
        return new KendallsCorrelation().correlation(x, y);
    }

    /** Returns Pearson's linear correlation coefficient. */
    public static double pearson(double[] x, double[] y) {
        return new PearsonsCorrelation().correlation(x, y);
    }

    /** Returns Pearson's correlation between the logistic-mapped scores and the labels. */
    public static double plcc(double[] scores, double[] labels, LogisticFit fit) {
        return pearson(fit.apply(scores), labels);
    }
}
