package io.qualitymonitor.tools.bundle;

import io.qualitymonitor.model.BundleManifest;
import io.qualitymonitor.model.LowLevelSpec;
import io.qualitymonitor.model.ModelBundle;
import io.qualitymonitor.model.Prompts;
import io.qualitymonitor.model.RidgeHead;
import io.qualitymonitor.model.ScoreField;
import io.qualitymonitor.model.VisionLanguageSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Verifies a model bundle (checksums, shapes of its files) and describes it: branches, inputs,
 * heads, prompts, what it was trained on, its metrics. The engine of {@code model info}.
 */
public final class BundleInfo {
    private BundleInfo() {}

    /** Returns the name and version of the bundle at {@code path}, e.g. {@code qm-default 1.2}. */
    public static String nameAndVersion(Path path) {
        BundleManifest m = ModelBundle.open(path).manifest();
        return m.name() + " " + m.version();
    }

    /** Returns the lines that describe the bundle at {@code path}, after verifying it. */
    public static List<String> describe(Path path) {
        return describe(ModelBundle.open(path));
    }

    /** Returns the lines that describe {@code bundle}. */
    public static List<String> describe(ModelBundle bundle) {
        BundleManifest m = bundle.manifest();
        List<String> lines = new ArrayList<>();
        lines.add(row("model", m.name() + " " + m.version() + "  (" + bundle.source() + ")"));
        if (m.randomInit()) {
            lines.add(row("WARNING", "random weights: a test fixture, its scores mean nothing"));
        }
        lines.add(row("created", m.created()));
        lines.add(row("about", m.description()));
        lines.add(row("checksums", m.files().size() + " files verified (SHA-256)"));
        if (m.lowLevel() != null) {
            lines.add(row("lowlevel", lowLevel(m.lowLevel())));
        }
        if (m.visionLanguage() != null) {
            lines.add(row("vision-lang", visionLanguage(m.visionLanguage())));
            lines.add(row("prompts", prompts(bundle.prompts())));
        }
        for (RidgeHead h : bundle.regressor().heads().values()) {
            lines.add(row("head", head(h, h.name().equals(bundle.regressor().output()))));
        }
        m.trainedOn()
                .properties()
                .forEach(e -> lines.add(row("trained on", e.getKey() + ": " + text(e.getValue()))));
        if (!m.metrics().isEmpty()) {
            lines.add(row("metrics", metrics(m.metrics())));
        }
        return lines;
    }

    private static String lowLevel(LowLevelSpec low) {
        return String.format(
                Locale.ROOT,
                "%s: %s, %d features per scale",
                low.file(),
                low.input().describe(),
                low.featureDim());
    }

    private static String visionLanguage(VisionLanguageSpec vl) {
        return String.format(
                Locale.ROOT,
                "%s: %s, %d-d embedding, logit scale %.1f%s",
                vl.imageFile(),
                vl.describeInput(),
                vl.embedDim(),
                vl.logitScale(),
                vl.textFile() == null ? ", no text encoder" : ", text encoder " + vl.textFile());
    }

    private static String prompts(Prompts p) {
        return "quality \""
                + p.quality().positive()
                + "\" / \""
                + p.quality().negative()
                + "\"; attributes "
                + String.join(", ", p.attributes().keySet());
    }

    private static String head(RidgeHead h, boolean output) {
        return h.name()
                + " ("
                + ScoreField.ofKey(h.name()).map(ScoreField::fieldName).orElseThrow()
                + (output ? ", gives the score" : "")
                + "): ridge over "
                + String.join(" + ", h.features())
                + ", "
                + h.weights().length
                + " weights";
    }

    private static String metrics(Map<String, Double> metrics) {
        return metrics.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode n) {
        return n.isValueNode() ? n.asText() : n.toString();
    }

    private static String row(String key, String value) {
        return String.format(Locale.ROOT, "%-12s %s", key, value);
    }
}
