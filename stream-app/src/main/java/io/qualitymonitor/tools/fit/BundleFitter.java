package io.qualitymonitor.tools.fit;

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
    public static final String COMBINED = Scorer.COMBINED;

    /** What a fit appends to the description; a refit replaces it instead of adding another. */
    private static final Pattern FITTED_SUFFIX =
            Pattern.compile("; ridge heads fitted on \\d+ labelled images$");

    private final RidgeFitter fitter;

    /** Creates a bundle fitter with {@link RidgeFitter#DEFAULT_ALPHAS}, 5 folds and seed 42. */
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
     * @param types the label group (distortion type) of each image, or null: with types, the output
     *     head is also cross-validated on types it never saw ({@link RidgeFitter#unseenTypesSrcc})
     * @param provenance what was fitted on (images folder, labels file), for {@code trained_on}
     * @param outputHead the head that gives the score: {@code combined} or a branch name
     * @param stack labelled images the other branches' encoders never saw, for a stacked combined
     *     head (see {@link Stack}), or null to fit every head on the main images
     */
    public record Settings(
            String version,
            boolean lowerBetter,
            int[] cvGroups,
            double[] rowWeights,
            String[] types,
            Map<String, Object> provenance,
            String outputHead,
            Stack stack) {}

    /**
     * Images for stacking. An encoder trained on the same photos as the heads reads those photos
     * better than new ones, so a head fitted there leans on it more than it should. With a stack,
     * the low-level head is fitted on the main images as usual, and the combined head is that head
     * plus a ridge correction from the other branches' features, fitted on these images (which the
     * other encoders never saw) to what the low-level head leaves over; the other branches' own
     * heads are fitted on these images too. The correction is dropped when it does not
     * cross-validate better than none.
     *
     * @param table the features of the stacking images
     * @param labels their labels, on the main labels' scale
     * @param cvGroups the cross-validation group of each, or null
     * @param rowWeights a positive weight per image, or null
     * @param mainRows for each stacking image its row among the main images, or -1: the low-level
     *     head's prediction for the stacking images comes from a refit without those rows, so the
     *     correction learns what the head leaves over on images it did not fit
     * @param provenance what they are (labels file), for {@code trained_on}
     */
    public record Stack(
            FeatureTable table,
            double[] labels,
            int[] cvGroups,
            double[] rowWeights,
            int[] mainRows,
            Map<String, Object> provenance) {}

    /**
     * What a fit produced.
     *
     * @param bundle the written bundle, opened
     * @param fits the fit per head, by head name
     * @param scale how labels were mapped to 0-100
     * @param unseenTypesSrcc the output head's out-of-fold SRCC on distortion types it never saw,
     *     or NaN where the labels have no types (or the head was stacked)
     */
    public record Result(
            ModelBundle bundle,
            Map<String, RidgeFit> fits,
            LabelScale scale,
            double unseenTypesSrcc) {

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
            if (!Double.isNaN(unseenTypesSrcc)) {
                b.append(
                        String.format(
                                Locale.ROOT,
                                "head %-16s CV SRCC %.3f on distortion types it never saw (label"
                                        + " groups held out as photos are)%n",
                                bundle.regressor().output(),
                                unseenTypesSrcc));
            }
            var m = bundle.manifest();
            JsonNode stacked = m.trainedOn().get("stacked");
            if (stacked != null) {
                b.append(
                        String.format(
                                Locale.ROOT,
                                "stacked on %s over %d images: SRCC %.3f alone, %.3f combined"
                                        + " (CV); correction: %s%n",
                                stacked.get("base").asText(),
                                stacked.get("n_images").asInt(),
                                stacked.get("srcc_lowlevel_alone").asDouble(),
                                stacked.get("cv_srcc_combined").asDouble(),
                                stacked.get("correction").asText()));
            }
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
        out.addAll(branches(bundle));
        return out;
    }

    /** Returns the branches {@code bundle} has, low-level first. */
    public static List<String> branches(ModelBundle bundle) {
        List<String> out = new ArrayList<>();
        if (bundle.manifest().lowLevel() != null) {
            out.add(Scorer.LOWLEVEL);
        }
        if (bundle.manifest().visionLanguage() != null) {
            out.add(Scorer.VISION_LANGUAGE);
        }
        return out;
    }

    /**
     * Throws unless a bundle of {@code branches} can be stacked (see {@link Stack}): it needs the
     * low-level branch and another.
     */
    public static void checkStackable(List<String> branches) {
        if (!branches.contains(Scorer.LOWLEVEL) || branches.size() < 2) {
            throw new FitException(
                    "stacking needs a bundle with the low-level branch and another branch; this"
                            + " one has "
                            + branches);
        }
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
        Map<String, Object> stacked = null;
        RidgeFit combined;
        if (s.stack() == null) {
            combined = fitter.fit(table.concat(branches), targets, s.cvGroups(), s.rowWeights());
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
        } else {
            stacked = new LinkedHashMap<>(s.stack().provenance());
            combined =
                    new StackFitter(fitter)
                            .fit(
                                    new StackFitter.Input(table, targets, scale, s, branches),
                                    fits,
                                    stacked);
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
        if (stacked != null) {
            trainedOn.put("stacked", stacked);
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
        // the head that gives the score, whichever it is
        RidgeFit scoring = fits.getOrDefault(s.outputHead(), combined);
        metrics.put("fit_alpha", scoring.alpha());
        metrics.put("fit_cv_srcc", scoring.chosenCvSrcc());
        metrics.put("fit_cv_rmse", scoring.chosenCvRmse());
        fits.forEach((head, f) -> metrics.put("fit_cv_srcc_" + head, f.chosenCvSrcc()));
        double unseen = Double.NaN;
        if (s.types() != null && s.stack() == null) {
            List<String> features =
                    s.outputHead().equals(COMBINED) ? branches : List.of(s.outputHead());
            unseen =
                    fitter.unseenTypesSrcc(
                            table.concat(features),
                            targets,
                            s.cvGroups(),
                            s.types(),
                            s.rowWeights(),
                            scoring.alpha());
        }
        if (!Double.isNaN(unseen)) {
            metrics.put("fit_cv_srcc_unseen_types", unseen);
        }
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
        return new Result(BundleWriter.writeCopy(source, out, update), fits, scale, unseen);
    }
}
