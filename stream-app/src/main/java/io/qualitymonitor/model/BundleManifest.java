package io.qualitymonitor.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.qualitymonitor.image.CentreCrop;
import io.qualitymonitor.image.CropGrid;
import io.qualitymonitor.image.MultiScaleCrops;
import io.qualitymonitor.image.Normalisation;
import io.qualitymonitor.image.TensorInput;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Returns what {@code bundle.json} says about a model (docs/model-bundle.md, format 1).
 *
 * @param name the model's name
 * @param version the model's version
 * @param created creation time, ISO-8601
 * @param description one line
 * @param randomInit true for test fixtures exported from untrained networks
 * @param trainedOn what it was trained on, as written
 * @param metrics the correlations it measured (the numeric entries of {@code metrics})
 * @param lowLevel the low-level branch, or null
 * @param visionLanguage the vision-language branch, or null
 * @param regressorFile the ridge heads file
 * @param files SHA-256 (hex) of every other file, by file name
 */
public record BundleManifest(
        String name,
        String version,
        String created,
        String description,
        boolean randomInit,
        JsonNode trainedOn,
        Map<String, Double> metrics,
        LowLevelSpec lowLevel,
        VisionLanguageSpec visionLanguage,
        String regressorFile,
        Map<String, String> files) {

    static final String FILE = "bundle.json";
    static final int FORMAT = 1;

    /**
     * Returns this manifest with the low-level branch taking {@code crops} crops (placed by {@link
     * CropGrid}) at each of {@code scales} of the image brought to a longer side of at most {@code
     * maxSide} (0: as decoded), null keeping this manifest's; everything else unchanged. The
     * features per image become {@code featureDim * scales.length}, so the heads must be fitted
     * again.
     *
     * @throws ModelException when there is no low-level branch or the layout is not one
     */
    public BundleManifest withLowLevelLayout(Integer crops, double[] scales, Integer maxSide) {
        if (lowLevel == null) {
            throw new ModelException("model " + name + " has no lowlevel branch to lay out");
        }
        MultiScaleCrops in = lowLevel.input();
        int n = crops != null ? crops : in.crops();
        double[] s = scales != null ? scales.clone() : in.scales();
        String problem = layoutProblem("lowlevel", n, s);
        if (problem == null
                && s.length != in.scales().length
                && visionLanguage != null
                && "lowlevel".equals(visionLanguage.featuresOf())) {
            problem =
                    "the vision-language branch of model "
                            + name
                            + " projects the lowlevel features, whose size follows the number"
                            + " of scales: keep "
                            + in.scales().length
                            + " scales (e.g. fewer crops only)";
        }
        if (problem != null) {
            throw new ModelException(problem);
        }
        LowLevelSpec low =
                new LowLevelSpec(
                        lowLevel.file(),
                        new MultiScaleCrops(
                                in.cropSize(),
                                n,
                                s,
                                in.norm(),
                                maxSide != null ? maxSide : in.maxSide()),
                        lowLevel.featureDim());
        return new BundleManifest(
                name,
                version,
                created,
                description,
                randomInit,
                trainedOn,
                metrics,
                low,
                visionLanguage,
                regressorFile,
                files);
    }

    /** Returns what is wrong with a branch's crop layout, or null when nothing is. */
    private static String layoutProblem(String branch, int crops, double[] scales) {
        if (!CropGrid.valid(crops)) {
            return branch + " " + CropGrid.invalidMessage(crops);
        }
        if (scales.length == 0) {
            return branch + " 'scales' is empty";
        }
        for (double s : scales) {
            if (!(s > 0 && s <= 1)) {
                return branch + " 'scales' must lie in (0, 1], got " + s;
            }
        }
        return null;
    }

    /** Returns the manifest read from the parsed {@code bundle.json}. */
    static BundleManifest parse(JsonNode root) {
        JsonFields f = new JsonFields(FILE);
        int format = f.positiveInt(root, "format");
        if (format != FORMAT) {
            throw f.error(
                    "format " + format + " is not supported (this runtime reads " + FORMAT + ")");
        }
        JsonNode branches = f.node(root, "branches");
        LowLevelSpec low = branches.has("lowlevel") ? lowLevel(f, branches.get("lowlevel")) : null;
        VisionLanguageSpec vl =
                branches.has("vision_language")
                        ? visionLanguage(f, branches.get("vision_language"))
                        : null;
        if (low == null && vl == null) {
            throw f.error("'branches' names neither lowlevel nor vision_language");
        }
        if (vl != null && vl.featuresOf() != null && low == null) {
            throw f.error(
                    "the vision_language branch reads the lowlevel branch's features, but the"
                            + " bundle has no lowlevel branch");
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        root.path("metrics").properties().stream()
                .filter(e -> e.getValue().isNumber())
                .forEach(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
        Map<String, String> files = new LinkedHashMap<>();
        f.node(root, "files")
                .properties()
                .forEach(e -> files.put(e.getKey(), e.getValue().asText()));
        return new BundleManifest(
                f.text(root, "name"),
                f.text(root, "version"),
                root.path("created").asText(""),
                root.path("description").asText(""),
                root.path("random_init").asBoolean(false),
                root.path("trained_on"),
                Map.copyOf(metrics),
                low,
                vl,
                f.text(f.node(root, "regressor"), "file"),
                Map.copyOf(files));
    }

    private static LowLevelSpec lowLevel(JsonFields f, JsonNode n) {
        MultiScaleCrops input = crops(f, f.node(n, "input"), "lowlevel");
        return new LowLevelSpec(f.text(n, "file"), input, f.positiveInt(n, "feature_dim"));
    }

    private static MultiScaleCrops crops(JsonFields f, JsonNode in, String branch) {
        int crops = f.positiveInt(in, "crops");
        double[] scales = f.numbers(in, "scales");
        String problem = layoutProblem(branch, crops, scales);
        if (problem != null) {
            throw f.error(problem);
        }
        int maxSide = in.has("max_side") ? f.positiveInt(in, "max_side") : 0;
        return new MultiScaleCrops(
                f.positiveInt(in, "crop_size"), crops, scales, norm(f, in), maxSide);
    }

    private static VisionLanguageSpec visionLanguage(JsonFields f, JsonNode n) {
        JsonNode in = f.node(n, "input");
        // features: the image side projects that branch's pooled features (no pixels);
        // crop_size / crops / scales: crops as the low-level branch's, their embeddings averaged;
        // size alone: one centre crop
        String featuresOf = f.optText(in, "features");
        if (featuresOf != null && !featuresOf.equals("lowlevel")) {
            throw f.error(
                    "vision_language input 'features' must be lowlevel, got '" + featuresOf + "'");
        }
        TensorInput input =
                featuresOf != null
                        ? null
                        : in.has("crops")
                                ? crops(f, in, "vision_language")
                                : new CentreCrop(f.positiveInt(in, "size"), norm(f, in));
        return new VisionLanguageSpec(
                f.text(n, "image_file"),
                f.optText(n, "text_file"),
                f.optText(n, "tokenizer"),
                f.text(n, "prompts"),
                input,
                featuresOf,
                f.positiveInt(n, "embed_dim"),
                f.number(n, "logit_scale"));
    }

    private static Normalisation norm(JsonFields f, JsonNode in) {
        try {
            return new Normalisation(f.floats(in, "mean"), f.floats(in, "std"));
        } catch (IllegalArgumentException e) {
            throw f.error(e.getMessage());
        }
    }

    /** Returns the features per image of a branch ({@code lowlevel} or {@code vision_language}). */
    public int featureDim(String branch) {
        return switch (branch) {
            case "lowlevel" -> lowLevel == null ? 0 : lowLevel.outputDim();
            case "vision_language" -> visionLanguage == null ? 0 : visionLanguage.embedDim();
            default -> 0;
        };
    }

    /** Returns a warning line when the bundle was exported from untrained networks, else empty. */
    public Optional<String> randomWeightsWarning() {
        return randomInit
                ? Optional.of(
                        "warning: model "
                                + name
                                + " "
                                + version
                                + " has random weights (a test fixture); its scores mean nothing")
                : Optional.empty();
    }
}
