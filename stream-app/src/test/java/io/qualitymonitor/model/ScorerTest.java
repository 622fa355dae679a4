package io.qualitymonitor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qualitymonitor.config.ModelConfig;
import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.image.TestImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScorerTest {
    private static Scorer both;

    @BeforeAll
    static void open() {
        both = Scorer.open(TestBundles.BOTH, TestBundles.cpu(TestBundles.BOTH, 1));
    }

    @AfterAll
    static void close() {
        both.close();
    }

    private static DecodedImage image(int w, int h) {
        return new DecodedImage(TestImages.pattern(w, h), "png", 0);
    }

    @Test
    void shouldScoreEveryImageOfABatchWithBothBranches() {
        // Given images of different sizes, one smaller than a crop
        List<DecodedImage> batch = List.of(image(640, 480), image(300, 500), image(100, 80));
        // When the batch is scored
        List<ScoreResult> results = both.score(batch);
        // Then each has a finite 0-100 score, both branch scores and the full feature vector
        assertThat(results).hasSize(3);
        for (ScoreResult r : results) {
            assertThat(r.score()).isBetween(0.0, 100.0);
            assertThat(r.branchScores())
                    .containsOnlyKeys("lowlevel", "vision_language", "combined", "zero_shot");
            assertThat(r.fields().keySet()).containsExactly(ScoreField.values());
            assertThat(r.fields().values()).allSatisfy(v -> assertThat(v).isBetween(0.0, 100.0));
            // the output head (combined in this bundle) gives the score and its own field
            assertThat(r.get(ScoreField.COMBINED)).isEqualTo(r.score());
            assertThat(r.attributes()).containsKeys("sharpness", "noise");
            assertThat(r.features()).hasSize(both.featureDim()).hasSize(64 + 64);
            assertThat(FeatureMath.allFinite(r.features())).isTrue();
        }
        assertThat(results.get(1).width()).isEqualTo(300);
    }

    @Test
    void shouldProjectTheLowLevelFeaturesWhenTheVisionLanguageBranchReadsThem() throws Exception {
        // Given the test bundle whose VL image side is a projection of the low-level features
        JsonNode p = new ObjectMapper().readTree(TestBundles.LIT_PROJECTION.toFile());
        List<DecodedImage> batch = List.of(image(640, 480), image(300, 500));
        try (Scorer lit = Scorer.open(TestBundles.LIT, TestBundles.cpu(TestBundles.LIT, 1))) {
            // When a batch is scored
            List<ScoreResult> results = lit.score(batch);
            for (ScoreResult r : results) {
                // Then the VL features are normalise(W (low - mean) / std + b) of its own
                // low-level features, and the zero-shot scores and attributes come from them
                float[] f = r.features();
                int dimIn = p.path("mean").size();
                int dim = p.path("bias").size();
                assertThat(f).hasSize(dimIn + dim);
                double[] e = new double[dim];
                double norm = 0;
                for (int j = 0; j < dim; j++) {
                    double v = p.path("bias").get(j).asDouble();
                    for (int k = 0; k < dimIn; k++) {
                        double z =
                                (f[k] - p.path("mean").get(k).asDouble())
                                        / p.path("std").get(k).asDouble();
                        v += p.path("weight").get(j).get(k).asDouble() * z;
                    }
                    e[j] = v;
                    norm += v * v;
                }
                for (int j = 0; j < dim; j++) {
                    assertThat((double) f[dimIn + j])
                            .isCloseTo(e[j] / Math.sqrt(norm), within(1e-4));
                }
                assertThat(r.branchScores()).containsKeys("vision_language", "zero_shot");
                assertThat(r.attributes()).containsKeys("sharpness", "noise");
            }
            assertThat(results.get(0).features()).isNotEqualTo(results.get(1).features());
        }
    }

    @Test
    void shouldGiveTheSameScoreAloneAsInsideABatch() {
        DecodedImage img = image(400, 300);
        double alone = both.score(List.of(img)).get(0).score();
        double inBatch = both.score(List.of(image(200, 200), img, image(500, 260))).get(1).score();
        assertThat(inBatch).isCloseTo(alone, within(1e-3));
    }

    @Test
    void shouldGiveTheSameFeaturesWhenCropsGoThroughInPasses() {
        // Given three images, and scorers that read a batch's crops all at once, one a pass, and
        // in passes of 7 (which split images and leave a short last pass)
        List<DecodedImage> batch = List.of(image(640, 480), image(300, 500), image(100, 80));
        Path dir = TestBundles.BOTH;
        try (Scorer whole = Scorer.open(dir, new ModelConfig(dir, "cpu", 2, 1, 1, 0));
                Scorer ones = Scorer.open(dir, new ModelConfig(dir, "cpu", 2, 1, 1, 1));
                Scorer sevens = Scorer.open(dir, new ModelConfig(dir, "cpu", 2, 1, 1, 7))) {
            // When each scores the batch
            List<ScoreResult> a = whole.score(batch);
            List<ScoreResult> b = ones.score(batch);
            List<ScoreResult> c = sevens.score(batch);
            // Then every image gets the same features, in the batch's order
            for (int i = 0; i < batch.size(); i++) {
                assertThat(b.get(i).features()).containsExactly(a.get(i).features(), within(1e-4f));
                assertThat(c.get(i).features()).containsExactly(a.get(i).features(), within(1e-4f));
                assertThat(b.get(i).width()).isEqualTo(batch.get(i).width());
            }
            assertThat(a.get(0).features()).isNotEqualTo(a.get(2).features());
            assertThat(sevens.passMaxViews()).isEqualTo(7);
        }
    }

    @Test
    void shouldNormaliseEachScaleOfTheLowLevelFeatures() {
        float[] f = both.score(List.of(image(320, 240))).get(0).features();
        assertThat(norm(f, 0, 32)).isCloseTo(1.0, within(1e-4));
        assertThat(norm(f, 32, 32)).isCloseTo(1.0, within(1e-4));
        assertThat(norm(f, 64, 64)).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void shouldScoreWithOnlyTheLowLevelBranchWhenTheBundleHasNoOther() {
        try (Scorer low =
                Scorer.open(TestBundles.LOWLEVEL, TestBundles.cpu(TestBundles.LOWLEVEL, 2))) {
            ScoreResult r = low.score(List.of(image(256, 256))).get(0);
            assertThat(r.branchScores()).containsOnlyKeys("lowlevel", "combined");
            assertThat(r.fields()).containsOnlyKeys(ScoreField.LOW_LEVEL, ScoreField.COMBINED);
            assertThat(r.get(ScoreField.ZERO_SHOT)).isNull();
            assertThat(low.scoreFields())
                    .containsExactly(ScoreField.LOW_LEVEL, ScoreField.COMBINED);
            assertThat(r.attributes()).isEmpty();
            assertThat(r.features()).hasSize(64);
        }
    }

    @Test
    void shouldGiveTheSameScoresWhenTwoThreadsShareAPoolOfTwoPredictors() throws Exception {
        // Given a scorer with two predictors and the scores of two batches scored one after another
        try (Scorer pooled =
                Scorer.open(TestBundles.LOWLEVEL, TestBundles.cpu(TestBundles.LOWLEVEL, 2))) {
            List<DecodedImage> a = List.of(image(300, 260), image(500, 240));
            List<DecodedImage> b = List.of(image(240, 240), image(640, 400), image(260, 900));
            double[] expectedA = scores(pooled.score(a));
            double[] expectedB = scores(pooled.score(b));
            // When both are scored at once from two threads, several times
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                for (int i = 0; i < 3; i++) {
                    var fa = pool.submit(() -> scores(pooled.score(a)));
                    var fb = pool.submit(() -> scores(pooled.score(b)));
                    // Then each gets its own, unchanged scores
                    assertThat(fa.get()).containsExactly(expectedA, within(1e-6));
                    assertThat(fb.get()).containsExactly(expectedB, within(1e-6));
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    private static double[] scores(List<ScoreResult> results) {
        return results.stream().mapToDouble(ScoreResult::score).toArray();
    }

    @Test
    void shouldRefuseGpuWithAOneLineReasonWhereThereIsNone() {
        // Given the default build (CPU natives) on a machine without CUDA
        var gpu = new io.qualitymonitor.config.ModelConfig(TestBundles.LOWLEVEL, "gpu", 2, 1, 1);
        // When / Then opening a scorer on gpu fails with a one-line reason
        assertThatThrownBy(() -> Scorer.open(gpu))
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith("device gpu requested, but")
                .hasMessageNotContaining("\n");
    }

    private static double norm(float[] v, int from, int len) {
        double s = 0;
        for (int i = from; i < from + len; i++) {
            s += v[i] * v[i];
        }
        return Math.sqrt(s);
    }
}
