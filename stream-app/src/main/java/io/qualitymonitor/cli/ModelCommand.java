package io.qualitymonitor.cli;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.model.BundleManifest;
import io.qualitymonitor.model.LowLevelSpec;
import io.qualitymonitor.model.ModelBundle;
import io.qualitymonitor.model.RidgeHead;
import io.qualitymonitor.model.ScoreField;
import io.qualitymonitor.model.VisionLanguageSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Describes model bundles: what they are, what they were trained on, what they measured. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "Model bundles: 'model info [DIR]' verifies a bundle and describes it.",
        subcommands = {ModelCommand.Info.class})
public final class ModelCommand implements Runnable {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Verifies a bundle's checksums and prints its branches, heads, training and metrics. */
    @Command(
            name = "info",
            mixinStandardHelpOptions = true,
            description =
                    "Verify a bundle (checksums, shapes of its files) and describe it: branches,"
                            + " inputs, heads, prompts, what it was trained on, its metrics.")
    static final class Info implements Callable<Integer> {
        @Spec picocli.CommandLine.Model.CommandSpec spec;
        @Mixin ConfigMixin config;

        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "DIR",
                description = "Bundle folder or .zip (default: model.dir, the shipped bundle).")
        Path dir;

        @Override
        public Integer call() {
            AppConfig cfg = config.load();
            Path path = dir != null ? dir : cfg.model().dir();
            ModelBundle bundle = ModelBundle.open(path);
            PrintWriter out = spec.commandLine().getOut();
            describe(bundle).forEach(out::println);
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** Returns the lines that describe {@code bundle}. */
    static List<String> describe(ModelBundle bundle) {
        BundleManifest m = bundle.manifest();
        List<String> lines = new ArrayList<>();
        lines.add(row("model", m.name() + " " + m.version() + "  (" + bundle.source() + ")"));
        if (m.randomInit()) {
            lines.add(row("WARNING", "random weights: a test fixture, its scores mean nothing"));
        }
        lines.add(row("created", m.created()));
        lines.add(row("about", m.description()));
        lines.add(row("checksums", m.files().size() + " files verified (SHA-256)"));
        LowLevelSpec low = m.lowLevel();
        if (low != null) {
            lines.add(
                    row(
                            "lowlevel",
                            String.format(
                                    Locale.ROOT,
                                    "%s: %s, %d features per scale",
                                    low.file(),
                                    low.input().describe(),
                                    low.featureDim())));
        }
        VisionLanguageSpec vl = m.visionLanguage();
        if (vl != null) {
            lines.add(
                    row(
                            "vision-lang",
                            String.format(
                                    Locale.ROOT,
                                    "%s: %s, %d-d embedding, logit scale %.1f%s",
                                    vl.imageFile(),
                                    vl.describeInput(),
                                    vl.embedDim(),
                                    vl.logitScale(),
                                    vl.textFile() == null
                                            ? ", no text encoder"
                                            : ", text encoder " + vl.textFile())));
            var p = bundle.prompts();
            lines.add(
                    row(
                            "prompts",
                            "quality \""
                                    + p.quality().positive()
                                    + "\" / \""
                                    + p.quality().negative()
                                    + "\"; attributes "
                                    + String.join(", ", p.attributes().keySet())));
        }
        for (RidgeHead h : bundle.regressor().heads().values()) {
            boolean output = h.name().equals(bundle.regressor().output());
            lines.add(
                    row(
                            "head",
                            h.name()
                                    + " ("
                                    + ScoreField.ofKey(h.name())
                                            .map(ScoreField::fieldName)
                                            .orElseThrow()
                                    + (output ? ", gives the score" : "")
                                    + ")"
                                    + ": ridge over "
                                    + String.join(" + ", h.features())
                                    + ", "
                                    + h.weights().length
                                    + " weights"));
        }
        m.trainedOn()
                .properties()
                .forEach(e -> lines.add(row("trained on", e.getKey() + ": " + text(e.getValue()))));
        if (!m.metrics().isEmpty()) {
            lines.add(
                    row(
                            "metrics",
                            m.metrics().entrySet().stream()
                                    .sorted(java.util.Map.Entry.comparingByKey())
                                    .map(
                                            e ->
                                                    String.format(
                                                            Locale.ROOT,
                                                            "%s %.4f",
                                                            e.getKey(),
                                                            e.getValue()))
                                    .collect(Collectors.joining(", "))));
        }
        return lines;
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode n) {
        return n.isValueNode() ? n.asText() : n.toString();
    }

    private static String row(String key, String value) {
        return String.format(Locale.ROOT, "%-12s %s", key, value);
    }
}
