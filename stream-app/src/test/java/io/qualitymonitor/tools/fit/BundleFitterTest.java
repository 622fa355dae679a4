package io.qualitymonitor.tools.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qualitymonitor.model.ModelBundle;
import io.qualitymonitor.tools.evaluate.Correlations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleFitterTest {
    private static final Path BOTH = Path.of("src/test/resources/bundles/tiny-both");
    private static final Path LOWLEVEL_ONLY = Path.of("src/test/resources/bundles/tiny-lowlevel");
    private static final int LOW = 64;
    private static final int VL = 64;

    @TempDir Path tmp;

    /**
     * Rows of a synthetic world: quality = low[0] + low[1] + hidden + noise, where the low-level
     * features miss "hidden" and the vision-language features carry it in vl[1]. On images its
     * encoder was trained on, vl[0] also gives the label away (it learnt those photos); elsewhere
     * vl[0] is noise.
     */
    private record Rows(FeatureTable table, double[] labels, int[] groups) {
        static Rows make(Random r, int groups, int perGroup, boolean vlSawThem) {
            int n = groups * perGroup;
            double[][] low = new double[n][LOW];
            double[][] vl = new double[n][VL];
            double[] labels = new double[n];
            int[] g = new int[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < LOW; j++) {
                    low[i][j] = r.nextGaussian();
                }
                for (int j = 0; j < VL; j++) {
                    vl[i][j] = r.nextGaussian();
                }
                double hidden = r.nextGaussian();
                labels[i] = low[i][0] + low[i][1] + hidden + 0.3 * r.nextGaussian();
                vl[i][1] = hidden + 0.3 * r.nextGaussian();
                if (vlSawThem) {
                    vl[i][0] = labels[i] + 0.05 * r.nextGaussian();
                }
                g[i] = i / perGroup;
            }
            Map<String, double[][]> branches = new LinkedHashMap<>();
            branches.put("lowlevel", low);
            branches.put("vision_language", vl);
            return new Rows(new FeatureTable(branches, n), labels, g);
        }

        /** Returns these rows fitted into a copy of the tiny bundle with both branches. */
        BundleFitter.Result fit(BundleFitter.Settings s, Path out) {
            return new BundleFitter().fitAndWrite(ModelBundle.open(BOTH), table, labels, s, out);
        }

        double srcc(RidgeFit fit, List<String> names) {
            double[][] x = table.concat(names);
            return Correlations.srcc(Arrays.stream(x).mapToDouble(fit::predict).toArray(), labels);
        }
    }

    private static BundleFitter.Settings settings(BundleFitter.Stack stack, int[] groups) {
        return new BundleFitter.Settings(
                null, false, groups, null, null, Map.of(), "combined", stack);
    }

    /** Returns plain settings (no stack) whose score comes from {@code head}. */
    private static BundleFitter.Settings settings(int[] groups, String[] types, String head) {
        return new BundleFitter.Settings(null, false, groups, null, types, Map.of(), head, null);
    }

    @Test
    void shouldFitTheCombinedHeadOnImagesTheOtherEncoderNeverSaw() throws Exception {
        // Given main images the VL encoder was trained on, stacking images it never saw, and new
        // images for the test (like the stacking ones)
        Random r = new Random(11);
        Rows main = Rows.make(r, 30, 10, true);
        Rows apart = Rows.make(r, 10, 10, false);
        Rows fresh = Rows.make(r, 20, 10, false);
        int[] noOverlap = new int[apart.labels().length];
        Arrays.fill(noOverlap, -1);
        // When fitted plainly and stacked
        var plain = main.fit(settings(null, main.groups()), tmp.resolve("plain"));
        var stack =
                new BundleFitter.Stack(
                        apart.table(),
                        apart.labels(),
                        apart.groups(),
                        null,
                        noOverlap,
                        Map.of("labels", "apart.csv"));
        var stacked = main.fit(settings(stack, main.groups()), tmp.resolve("stacked"));
        // Then on new images the plain combined head, which trusted the leaking feature, falls
        // below the low-level head; the stacked one is above it (it learnt vl[1] where vl[0] was
        // noise) and above the plain one
        List<String> both = List.of("lowlevel", "vision_language");
        RidgeFit low = stacked.fits().get("lowlevel");
        double lowAlone = fresh.srcc(low, List.of("lowlevel"));
        double plainCombined = fresh.srcc(plain.fits().get("combined"), both);
        double stackedCombined = fresh.srcc(stacked.fits().get("combined"), both);
        assertThat(plainCombined).isLessThan(lowAlone);
        assertThat(stackedCombined).isGreaterThan(lowAlone + 0.05).isGreaterThan(plainCombined);
        // and the combined head is the low-level head plus the correction: same low-level block
        RidgeFit combined = stacked.fits().get("combined");
        assertThat(Arrays.copyOf(combined.weights(), LOW)).containsExactly(low.weights());
        var trainedOn = stacked.bundle().manifest().trainedOn().get("stacked");
        assertThat(trainedOn.get("n_images").asInt()).isEqualTo(100);
        assertThat(trainedOn.get("correction").asText()).startsWith("ridge on [vision_language]");
        assertThat(trainedOn.get("cv_srcc_combined").asDouble())
                .isGreaterThan(trainedOn.get("srcc_lowlevel_alone").asDouble());
        assertThat(stacked.bundle().regressor().heads().get("combined").features())
                .containsExactly("lowlevel", "vision_language");
    }

    @Test
    void shouldReportTheFitOfTheHeadThatGivesTheScore() throws Exception {
        // Given images on which the combined head cross-validates far above the low-level head
        Rows main = Rows.make(new Random(5), 30, 10, true);
        // When the low-level head is chosen to give the score
        var fitted = main.fit(settings(main.groups(), null, "lowlevel"), tmp.resolve("low"));
        // Then the bundle's headline fit figures are that head's, not the combined head's
        Map<String, Double> m = fitted.bundle().manifest().metrics();
        assertThat(m.get("fit_cv_srcc_combined"))
                .isGreaterThan(m.get("fit_cv_srcc_lowlevel") + 0.05);
        assertThat(m.get("fit_cv_srcc")).isEqualTo(m.get("fit_cv_srcc_lowlevel"));
        assertThat(m.get("fit_alpha")).isEqualTo(fitted.fits().get("lowlevel").alpha());
    }

    @Test
    void shouldReportTheOutputHeadOnTypesItNeverSawWhenLabelsNameTypes() throws Exception {
        // Given images whose labels name one of six distortion types each
        Rows main = Rows.make(new Random(6), 30, 10, false);
        String[] types = new String[main.labels().length];
        for (int i = 0; i < types.length; i++) {
            types[i] = i % 10 == 0 ? "pristine" : "type" + (i % 6);
        }
        // When fitted with the types and without them
        var typed = main.fit(settings(main.groups(), types, "lowlevel"), tmp.resolve("typed"));
        var untyped = main.fit(settings(null, main.groups()), tmp.resolve("untyped"));
        // Then the typed fit reports the figure in its summary and metrics, the other has none
        double unseen = typed.unseenTypesSrcc();
        assertThat(unseen).isBetween(0.0, 1.0);
        assertThat(typed.bundle().manifest().metrics())
                .containsEntry("fit_cv_srcc_unseen_types", unseen);
        assertThat(typed.summary())
                .contains(
                        String.format(
                                java.util.Locale.ROOT,
                                "head lowlevel         CV SRCC %.3f on distortion types it never saw",
                                unseen));
        assertThat(untyped.unseenTypesSrcc()).isNaN();
        assertThat(untyped.bundle().manifest().metrics())
                .doesNotContainKey("fit_cv_srcc_unseen_types");
        assertThat(untyped.summary()).doesNotContain("never saw");
    }

    @Test
    void shouldDropACorrectionThatDoesNotCrossValidate() throws Exception {
        // Given stacking images whose VL features carry nothing the low-level ones miss
        Random r = new Random(12);
        Rows main = Rows.make(r, 30, 10, true);
        Rows apart = Rows.make(r, 10, 10, false);
        for (double[] row : apart.table().branches().get("vision_language")) {
            row[1] = r.nextGaussian();
        }
        // ...that are also among the main images (their rows are left out of the base prediction)
        int[] rows = new int[apart.labels().length];
        Arrays.fill(rows, -1);
        rows[0] = 0;
        var stack =
                new BundleFitter.Stack(
                        apart.table(), apart.labels(), apart.groups(), null, rows, Map.of());
        // When stacked
        var stacked = main.fit(settings(stack, main.groups()), tmp.resolve("dropped"));
        // Then the combined head gives the VL features no weight
        double[] w = stacked.fits().get("combined").weights();
        assertThat(Arrays.stream(w, LOW, LOW + VL).allMatch(v -> v == 0.0)).isTrue();
        assertThat(
                        stacked.bundle()
                                .manifest()
                                .trainedOn()
                                .get("stacked")
                                .get("correction")
                                .asText())
                .startsWith("none");
    }

    @Test
    void shouldRefuseToStackOnABundleWithOneBranch() throws Exception {
        Random r = new Random(13);
        Rows main = Rows.make(r, 10, 10, true);
        Map<String, double[][]> lowOnly = new LinkedHashMap<>();
        lowOnly.put("lowlevel", main.table().branches().get("lowlevel"));
        FeatureTable table = new FeatureTable(lowOnly, main.labels().length);
        var stack =
                new BundleFitter.Stack(
                        table,
                        main.labels(),
                        main.groups(),
                        null,
                        new int[main.labels().length],
                        Map.of());
        assertThatThrownBy(
                        () ->
                                new BundleFitter()
                                        .fitAndWrite(
                                                ModelBundle.open(LOWLEVEL_ONLY),
                                                table,
                                                main.labels(),
                                                settings(stack, main.groups()),
                                                tmp.resolve("refused")))
                .isInstanceOf(FitException.class)
                .hasMessageContaining(
                        "stacking needs a bundle with the low-level branch and another");
        assertThat(new ArrayList<>(List.of(tmp.toFile().list()))).doesNotContain("refused");
    }
}
