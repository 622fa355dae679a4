package io.qualitymonitor.tools.evaluate;

import org.apache.commons.math3.analysis.ParametricUnivariateFunction;
import org.apache.commons.math3.exception.ConvergenceException;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.fitting.SimpleCurveFitter;
import org.apache.commons.math3.fitting.WeightedObservedPoints;
import org.apache.commons.math3.stat.StatUtils;

/**
 * The four-parameter logistic that maps objective scores onto the label scale before PLCC (VQEG
 * FR-TV Phase II): {@code f(x) = (b1 - b2) / (1 + exp(-(x - b3) / b4)) + b2}, fitted by
 * Levenberg-Marquardt least squares.
 *
 * @param b1 the upper (or, when decreasing, lower) asymptote
 * @param b2 the other asymptote
 * @param b3 the midpoint on the score axis
 * @param b4 the scale; its sign and the order of b1, b2 set the direction
 */
public record LogisticFit(double b1, double b2, double b3, double b4) {

    private static final int MAX_ITERATIONS = 2000;

    /** The logistic as commons-math's fitter needs it, with its gradient. */
    static final ParametricUnivariateFunction FUNCTION =
            new ParametricUnivariateFunction() {
                @Override
                public double value(double x, double... b) {
                    return (b[0] - b[1]) * sigmoid((x - b[2]) / b[3]) + b[1];
                }

                @Override
                public double[] gradient(double x, double... b) {
                    double s = sigmoid((x - b[2]) / b[3]);
                    double ds = s * (1 - s) * (b[0] - b[1]);
                    return new double[] {s, 1 - s, -ds / b[3], -ds * (x - b[2]) / (b[3] * b[3])};
                }
            };

    /** Returns the fitted value for score {@code x}. */
    public double apply(double x) {
        return FUNCTION.value(x, b1, b2, b3, b4);
    }

    /** Returns the fitted values for all {@code scores}. */
    public double[] apply(double[] scores) {
        double[] out = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            out[i] = apply(scores[i]);
        }
        return out;
    }

    /**
     * Returns the least-squares logistic through {@code (scores[i], labels[i])}, started from the
     * label range, the mean score and a quarter of the score spread, oriented by {@code
     * increasing}.
     *
     * @throws IllegalArgumentException when fewer than 4 points or constant scores are given
     */
    public static LogisticFit fit(double[] scores, double[] labels, boolean increasing) {
        double sd = Math.sqrt(StatUtils.populationVariance(scores));
        if (scores.length < 4 || sd == 0) {
            throw new IllegalArgumentException(
                    "logistic fit needs at least 4 points with varying scores");
        }
        double hi = StatUtils.max(labels);
        double lo = StatUtils.min(labels);
        double[] start = {
            increasing ? hi : lo, increasing ? lo : hi, StatUtils.mean(scores), sd / 4
        };
        return fit(scores, labels, start);
    }

    /** Returns the least-squares logistic started from {@code start} (b1..b4). */
    static LogisticFit fit(double[] scores, double[] labels, double[] start) {
        WeightedObservedPoints points = new WeightedObservedPoints();
        for (int i = 0; i < scores.length; i++) {
            points.add(scores[i], labels[i]);
        }
        try {
            double[] b =
                    SimpleCurveFitter.create(FUNCTION, start)
                            .withMaxIterations(MAX_ITERATIONS)
                            .fit(points.toList());
            if (b[3] == 0 || !Double.isFinite(b[0] + b[1] + b[2] + b[3])) {
                return new LogisticFit(start[0], start[1], start[2], start[3]);
            }
            return new LogisticFit(b[0], b[1], b[2], b[3]);
        } catch (TooManyIterationsException
                | TooManyEvaluationsException
                | ConvergenceException e) {
            // A fit that does not converge keeps its start, which is monotone in the score, so
            // PLCC stays defined; the caller sees the same ordering as a linear map.
            return new LogisticFit(start[0], start[1], start[2], start[3]);
        }
    }

    private static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }
}
