package io.qualitymonitor.tools.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RidgeFitterTest {
    private static final RidgeFitter FITTER =
            new RidgeFitter(RidgeFitter.DEFAULT_ALPHAS, RidgeFitter.DEFAULT_FOLDS, 7L);

    /** Returns y = 3 + x * w + noise, with x columns of different scales and offsets. */
    private static double[][] features(Random r, int n, int d) {
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = 10.0 * j + (j + 1) * r.nextGaussian();
            }
        }
        return x;
    }

    private static double[] targets(Random r, double[][] x, double[] w, double noise) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 3.0 + noise * r.nextGaussian();
            for (int j = 0; j < w.length; j++) {
                y[i] += w[j] * x[i][j];
            }
        }
        return y;
    }

    @Test
    void shouldPickTheAlphaWithTheLowestCrossValidatedError() {
        // Given many samples, few features and little noise, and few noisy samples, many features
        Random r = new Random(1);
        double[][] easyX = features(r, 400, 4);
        double[] easyY = targets(r, easyX, new double[] {1, -2, 0.5, 0.25}, 0.1);
        double[][] hardX = features(r, 40, 60);
        double[] w = new double[60];
        w[0] = 1.0;
        double[] hardY = targets(r, hardX, w, 5.0);
        // When each is fitted
        RidgeFit easy = FITTER.fit(easyX, easyY);
        RidgeFit hard = FITTER.fit(hardX, hardY);
        // Then each chose the candidate with the least out-of-fold error: the weakest penalty
        // where the data pins the weights down, the strongest where noise would be fitted
        for (RidgeFit f : new RidgeFit[] {easy, hard}) {
            double best = f.cvMse()[f.chosen()];
            for (double mse : f.cvMse()) {
                assertThat(best).isLessThanOrEqualTo(mse);
            }
        }
        assertThat(easy.alpha()).isEqualTo(0.1);
        double[] candidates = RidgeFitter.DEFAULT_ALPHAS;
        assertThat(hard.alpha()).isEqualTo(candidates[candidates.length - 1]);
        assertThat(easy.chosenCvSrcc()).isGreaterThan(0.99);
    }

    @Test
    void shouldFitWhatAnOffsetLeavesOverAndScoreTheSumAgainstTheTargets() {
        // Given targets = another model's prediction (the offset) + a linear part + noise
        Random r = new Random(4);
        double[][] x = features(r, 300, 2);
        double[] offset = new double[300];
        double[] y = new double[300];
        for (int i = 0; i < y.length; i++) {
            offset[i] = 50 * r.nextGaussian();
            y[i] = offset[i] + 2 * x[i][0] - x[i][1] + 0.1 * r.nextGaussian();
        }
        // When fitted with and without the offset
        RidgeFit stacked = FITTER.fit(x, y, null, null, offset);
        RidgeFit plain = FITTER.fit(x, y, null, null);
        // Then the stacked fit learnt the linear part alone, and its CV error and correlation are
        // those of offset + prediction against y: near perfect, where x alone explains little
        assertThat(stacked.weights()[0] / stacked.std()[0]).isCloseTo(2.0, within(0.01));
        assertThat(stacked.weights()[1] / stacked.std()[1]).isCloseTo(-1.0, within(0.01));
        assertThat(stacked.chosenCvRmse()).isLessThan(0.2);
        assertThat(stacked.chosenCvSrcc()).isGreaterThan(0.999);
        assertThat(plain.chosenCvSrcc()).isLessThan(0.5);
    }

    @Test
    void shouldRecoverKnownWeightsOnTheOriginalScale() {
        // Given low-noise linear data with known weights
        Random r = new Random(2);
        double[][] x = features(r, 500, 3);
        double[] y = targets(r, x, new double[] {2, -1, 0.5}, 0.01);
        // When fitted
        RidgeFit f = FITTER.fit(x, y);
        // Then weights / std give back the true weights, and predictions match new points
        assertThat(f.weights()[0] / f.std()[0]).isCloseTo(2.0, within(0.01));
        assertThat(f.weights()[1] / f.std()[1]).isCloseTo(-1.0, within(0.01));
        assertThat(f.weights()[2] / f.std()[2]).isCloseTo(0.5, within(0.01));
        assertThat(f.predict(new double[] {1, 12, 25})).isCloseTo(3 + 2 - 12 + 12.5, within(0.1));
    }

    @Test
    void shouldSatisfyTheRidgeNormalEquationsInPrimalAndDualForm() {
        // Given a tall and a wide problem (solved in primal and dual form respectively)
        Random r = new Random(3);
        for (int[] shape : new int[][] {{50, 8}, {12, 30}}) {
            double[][] x = features(r, shape[0], shape[1]);
            double[] y = targets(r, x, new double[shape[1]], 1.0);
            // When solved with alpha = 10
            RidgeFit f = RidgeSolver.solveAll(x, y, new double[] {10.0})[0];
            // Then the gradient Z^T (Z w - (y - b)) + alpha w vanishes
            for (int j = 0; j < shape[1]; j++) {
                double g = 10.0 * f.weights()[j];
                for (int i = 0; i < shape[0]; i++) {
                    double zij = (x[i][j] - f.mean()[j]) / f.std()[j];
                    g += zij * (f.predict(x[i]) - y[i]);
                }
                assertThat(g).isCloseTo(0.0, within(1e-6));
            }
        }
    }

    @Test
    void shouldFitIntegerWeightedRowsAsIfTheRowsWereRepeated() {
        // Given a tall and a wide problem, and integer weights 1-3 per row
        Random r = new Random(5);
        for (int[] shape : new int[][] {{40, 6}, {10, 25}}) {
            double[][] x = features(r, shape[0], shape[1]);
            double[] y = targets(r, x, new double[shape[1]], 1.0);
            double[] w = new double[shape[0]];
            java.util.List<double[]> repeatedX = new java.util.ArrayList<>();
            java.util.List<Double> repeatedY = new java.util.ArrayList<>();
            for (int i = 0; i < shape[0]; i++) {
                w[i] = 1 + i % 3;
                for (int k = 0; k < w[i]; k++) {
                    repeatedX.add(x[i]);
                    repeatedY.add(y[i]);
                }
            }
            // When fitted with the weights, and without weights on the rows repeated
            RidgeFit weighted = RidgeSolver.solveAll(x, y, w, new double[] {3.0})[0];
            RidgeFit repeated =
                    RidgeSolver.solveAll(
                            repeatedX.toArray(double[][]::new),
                            repeatedY.stream().mapToDouble(Double::doubleValue).toArray(),
                            new double[] {3.0})[0];
            // Then both fits predict the same everywhere
            for (double[] row : features(r, 5, shape[1])) {
                assertThat(weighted.predict(row)).isCloseTo(repeated.predict(row), within(1e-6));
            }
        }
    }

    @Test
    void shouldPullTheFitTowardsHeavilyWeightedRows() {
        // Given noisy data where a few rows sit far above the line
        Random r = new Random(6);
        double[][] x = features(r, 200, 2);
        double[] y = targets(r, x, new double[] {1, 1}, 0.5);
        double[] w = new double[200];
        java.util.Arrays.fill(w, 1.0);
        for (int i = 0; i < 10; i++) {
            y[i] += 20;
        }
        // When fitted with equal weights and with those rows weighted 20 times
        RidgeFit plain = FITTER.fit(x, y, null, null);
        for (int i = 0; i < 10; i++) {
            w[i] = 20;
        }
        RidgeFit weighted = FITTER.fit(x, y, null, w);
        // Then the weighted fit misses those rows by less
        double plainMiss = 0;
        double weightedMiss = 0;
        for (int i = 0; i < 10; i++) {
            plainMiss += Math.abs(y[i] - plain.predict(x[i]));
            weightedMiss += Math.abs(y[i] - weighted.predict(x[i]));
        }
        assertThat(weightedMiss).isLessThan(plainMiss / 2);
        // And weights must be positive
        w[0] = 0;
        assertThatThrownBy(() -> FITTER.fit(x, y, null, w))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }

    @Test
    void shouldRefuseToCrossValidateWithFewerGroupsThanFolds() {
        // Given 40 rows in 4 groups, fewer groups than the 5 folds
        Random r = new Random(4);
        double[][] x = features(r, 40, 3);
        double[] y = targets(r, x, new double[] {1, 1, 1}, 1.0);
        int[] groups = new int[40];
        for (int i = 0; i < 40; i++) {
            groups[i] = i % 4;
        }
        // When fitted by group, Then it says why it cannot cross-validate
        assertThatThrownBy(() -> FITTER.fit(x, y, groups))
                .isInstanceOf(FitException.class)
                .hasMessageContaining("at least 5 groups, got 4");
    }

    @Test
    void shouldMapLowerBetterLabelsOntoAHigherBetterScale() {
        // Given distortion levels 1..5 where 1 is best
        LabelScale scale = LabelScale.of(new double[] {1, 2, 3, 4, 5}, true);
        // Then level 1 maps to 100 and level 5 to 0
        assertThat(scale.toScore(1)).isEqualTo(100.0);
        assertThat(scale.toScore(5)).isEqualTo(0.0);
        assertThat(scale.toScore(2)).isEqualTo(75.0);
        assertThatThrownBy(() -> LabelScale.of(new double[] {3, 3}, false))
                .isInstanceOf(FitException.class);
    }

    /**
     * Rows of 40 photos x 10 distortion types x 4 levels (label = level) plus a pristine row per
     * photo: with {@code shared}, one feature reads the level whatever the type; otherwise each
     * type's level is in a feature of its own. Every row also has a type-free content feature.
     */
    private record TypedRows(double[][] x, double[] y, int[] photo, String[] type) {
        static TypedRows make(boolean shared) {
            Random r = new Random(3);
            int types = 10;
            int n = 40 * (types * 4 + 1);
            double[][] x = new double[n][types + 2];
            double[] y = new double[n];
            int[] photo = new int[n];
            String[] type = new String[n];
            int i = 0;
            for (int p = 0; p < 40; p++) {
                double content = r.nextGaussian();
                for (int t = -1; t < types; t++) {
                    for (int level = t < 0 ? 0 : 1; level <= (t < 0 ? 0 : 4); level++) {
                        x[i][types + 1] = content;
                        if (t >= 0) {
                            x[i][shared ? types : t] = level + 0.2 * r.nextGaussian();
                        }
                        y[i] = level;
                        photo[i] = p;
                        type[i] = t < 0 ? "pristine" : "type" + t;
                        i++;
                    }
                }
            }
            return new TypedRows(x, y, photo, type);
        }
    }

    @Test
    void shouldMeasureHowAFitReadsDistortionTypesItNeverSaw() {
        // Given one world where a feature shared by all types carries the level, and one where each
        // type carries it in a feature of its own
        TypedRows sharedRows = TypedRows.make(true);
        TypedRows ownRows = TypedRows.make(false);
        for (TypedRows rows : new TypedRows[] {sharedRows, ownRows}) {
            // When fitted with photo-grouped CV
            RidgeFit fit = FITTER.fit(rows.x(), rows.y(), rows.photo());
            // Then both rank unseen photos well (each type was seen in training)
            assertThat(fit.chosenCvSrcc()).isGreaterThan(0.9);
        }
        // and held out by type as well, the shared reading carries over to types never seen, the
        // type-specific one does not: a held-out type's own feature never varied in training
        double shared =
                FITTER.unseenTypesSrcc(
                        sharedRows.x(),
                        sharedRows.y(),
                        sharedRows.photo(),
                        sharedRows.type(),
                        null,
                        1.0);
        double own =
                FITTER.unseenTypesSrcc(
                        ownRows.x(), ownRows.y(), ownRows.photo(), ownRows.type(), null, 1.0);
        assertThat(shared).isGreaterThan(0.9);
        assertThat(own).isLessThan(shared - 0.3);
    }

    @Test
    void shouldReadTheTypesOfALabelGroup() {
        assertThat(RidgeFitter.typesOf("jpeg")).containsExactly("jpeg");
        assertThat(RidgeFitter.typesOf(" blur + jpeg ")).containsExactly("blur", "jpeg");
        assertThat(RidgeFitter.typesOf("pristine")).isEmpty();
        assertThat(RidgeFitter.typesOf("")).isEmpty();
        assertThat(RidgeFitter.typesOf(null)).isEmpty();
    }

    @Test
    void shouldNotMeasureUnseenTypesWithFewerTypesThanFolds() {
        // Given rows that name 3 types (fewer than the 5 folds)
        TypedRows rows = TypedRows.make(true);
        String[] three = rows.type().clone();
        for (int i = 0; i < three.length; i++) {
            three[i] = three[i].equals("pristine") ? "pristine" : "type" + (i % 3);
        }
        // Then there is no figure rather than one from folds without a held-out type
        assertThat(FITTER.unseenTypesSrcc(rows.x(), rows.y(), rows.photo(), three, null, 1.0))
                .isNaN();
    }
}
