package io.qualitymonitor.model.fit;

import com.fasterxml.jackson.databind.JsonNode;
import io.qualitymonitor.model.BundleUpdate;
import io.qualitymonitor.model.BundleWriter;
import io.qualitymonitor.model.ModelBundle;
import io.qualitymonitor.model.RidgeHead;
import io.qualitymonitor.model.Scorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fits a bundle's ridge heads to labelled features and writes the refitted bundle: one head per
 * branch (named like the branch, giving that branch's score) and a {@code combined} head over all
 * branches; the settings' output head gives the score.
 */
public final class BundleFitter {
    /** The head over all branches. */
    public static final String COMBINED = "combined";

    /** What a fit appends to the description; a refit replaces it instead of adding another. */
    private static final Pattern FITTED_SUFFIX =
            Pattern.compile("; ridge heads fitted on \\d+ labelled images$");

    private final RidgeFitter fitter;

    /** Creates a bundle fitter with alphas 0.1, 1, 10, 100, 5 folds and seed 42. */
    public BundleFitter() {
        this(new RidgeFitter(RidgeFitter.DEFAULT_ALPHAS, RidgeFitter.DEFAULT_FOLDS, 42L));
    }

    /** Creates a bundle fitter that fits each head with {@code fitter}. */
    public BundleFitter(RidgeFitter fitter) {
        this.fitter = fitter;
    }

    /**
     * Settings of one fit that end up in the bundle.
     *
     * @param version the new bundle's version, or null for the source's version + {@code -fit}
     * @param lowerBetter whether lower labels mean better quality
     * @param cvGroups the cross-validation group of each image (e.g. its source photo), or null for
     *     plain k-fold over images
     * @param rowWeights a positive weight per image (the labels' {@code weight} column), or null
     * @param provenance what was fitted on (images folder, labels file), for {@code trained_on}
     * @param outputHead the head that gives the score: {@code combined} or a branch name
     */
    public record Settings(
            String version,
            boolean lowerBetter,
            int[] cvGroups,
            double[] rowWeights,
            Map<String, Object> provenance,
            String outputHead) {}

    /**
     * What a fit produced.
     *
     * @param bundle the written bundle, opened
     * @param fits the fit per head, by head name
     * @param scale how labels were mapped to 0-100
     */
    public record Result(ModelBundle bundle, Map<String, RidgeFit> fits, LabelScale scale) {

        /** Returns a few lines on the fit: label mapping, each head's alpha and CV scores. */
        public String summary() {
            StringBuilder b = new StringBuilder("labels: " + scale.describe() + "\n");
            fits.forEach(
                    (head, f) ->
                            b.append(
                                    String.format(
                                            Locale.ROOT,
                                            "head %-16s alpha %-5s CV SRCC %.3f  CV RMSE %.2f%n",
                                            head,
                                            f.alpha(),
                                            f.chosenCvSrcc(),
                                            f.chosenCvRmse())));
            var m = bundle.manifest();
            return b.append("wrote bundle ")
                    .append(bundle.source())
                    .append(" (")
                    .append(m.name())
                    .append(' ')
                    .append(m.version())
                    .append(")\n")
                    .toString();
        }
    }

    /** Returns the heads a fit of {@code bundle} writes: combined, then one per branch it has. */
    public static List<String> heads(ModelBundle bundle) {
        List<String> out = new ArrayList<>(List.of(COMBINED));
        if (bundle.manifest().lowLevel() != null) {
            out.add(Scorer.LOWLEVEL);
        }
        if (bundle.manifest().visionLanguage() != null) {
            out.add(Scorer.VISION_LANGUAGE);
        }
        return out;
    }

    /**
     * Returns the fit of every head on {@code table} against {@code labels}, written to {@code out}
     * as a copy of {@code source}.
     */
    public Result fitAndWrite(
            ModelBundle source, FeatureTable table, double[] labels, Settings s, Path out) {
        LabelScale scale = LabelScale.of(labels, s.lowerBetter());
        double[] targets = scale.toScores(labels);
        List<String> branches = new ArrayList<>(table.branches().keySet());
        Map<String, RidgeFit> fits = new LinkedHashMap<>();
        RidgeFit combined =
                fitter.fit(table.concat(branches), targets, s.cvGroups(), s.rowWeights());
        fits.put(COMBINED, combined);
        for (String b : branches) {
            fits.put(
                    b,
                    branches.size() == 1
                            ? combined
                            : fitter.fit(
                                    table.concat(List.of(b)),
                                    targets,
                                    s.cvGroups(),
                                    s.rowWeights()));
        }
        if (!fits.containsKey(s.outputHead())) {
            throw new FitException(
                    "output head '"
                            + s.outputHead()
                            + "' is not one of the fitted heads "
                            + fits.keySet());
        }
        Map<String, RidgeHead> heads = new LinkedHashMap<>();
        Map<String, Double> alphas = new LinkedHashMap<>();
        for (Map.Entry<String, RidgeFit> e : fits.entrySet()) {
            RidgeFit f = e.getValue();
            List<String> features = e.getKey().equals(COMBINED) ? branches : List.of(e.getKey());
            heads.put(
                    e.getKey(),
                    new RidgeHead(e.getKey(), features, f.mean(), f.std(), f.weights(), f.bias()));
            alphas.put(e.getKey(), f.alpha());
        }
        Map<String, Object> trainedOn = new LinkedHashMap<>(s.provenance());
        trainedOn.put("n_images", table.count());
        trainedOn.put("label_mapping", scale.describe());
        trainedOn.put("alphas", combined.alphas());
        trainedOn.put("cv", s.cvGroups() == null ? "k-fold over images" : "k-fold over groups");
        if (s.rowWeights() != null) {
            trainedOn.put("row_weights", "the labels' weight column");
        }
        trainedOn.put("notes", "ridge heads refitted by './quality-monitor fit'; encoders copied");
        trainedOn.put("output_head", s.outputHead());
        JsonNode sourceTrainedOn = source.manifest().trainedOn();
        if (!sourceTrainedOn.isEmpty()) {
            // what the copied encoders were trained on stays with them; a bundle that was itself
            // refitted passes on its encoders' record, not the heads it replaces
            trainedOn.put(
                    "encoders",
                    sourceTrainedOn.has("encoders")
                            ? sourceTrainedOn.get("encoders")
                            : sourceTrainedOn);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("fit_n_images", (double) table.count());
        metrics.put("fit_alpha", combined.alpha());
        metrics.put("fit_cv_srcc", combined.chosenCvSrcc());
        metrics.put("fit_cv_rmse", combined.chosenCvRmse());
        fits.forEach((head, f) -> metrics.put("fit_cv_srcc_" + head, f.chosenCvSrcc()));
        String about = FITTED_SUFFIX.matcher(source.manifest().description()).replaceFirst("");
        String description =
                (about.isBlank() ? source.manifest().name() : about)
                        + "; ridge heads fitted on "
                        + table.count()
                        + " labelled images";
        String version = s.version() != null ? s.version() : source.manifest().version() + "-fit";
        BundleUpdate update =
                new BundleUpdate(
                        version, description, trainedOn, metrics, heads, alphas, s.outputHead());
        return new Result(BundleWriter.writeCopy(source, out, update), fits, scale);
    }
}
