package io.qualitymonitor.tools.score;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.fetch.ImageReferences;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.scoring.BatchScorer;
import io.qualitymonitor.scoring.ImagePreparer;
import io.qualitymonitor.scoring.ImageScoring;
import io.qualitymonitor.scoring.ScoreRow;
import io.qualitymonitor.tools.Progress;
import io.qualitymonitor.tools.UsageException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Scores image files, folders and URLs with the configured bundle through the stream's scoring
 * path, and writes one row per input: the engine of the {@code score} command.
 */
public final class ScoreService {
    private final AppConfig config;
    private final Progress progress;
    private final Consumer<String> warn;

    /**
     * What to score and how to write it.
     *
     * @param inputs files, folders (read recursively) and URLs
     * @param prompts extra attributes: name to its positive and negative prompt
     * @param batchSize images per forward pass, or null for {@code batch.max.size}
     */
    public record Request(
            List<String> inputs,
            RowFormat format,
            boolean explain,
            Map<String, List<String>> prompts,
            Integer batchSize) {}

    /** Returns how many inputs there were and how many could not be scored. */
    public record Result(int inputs, long failed) {}

    /** Returns the service over {@code config}; warnings go to {@code warn}, one line each. */
    public ScoreService(AppConfig config, Progress progress, Consumer<String> warn) {
        this.config = config;
        this.progress = progress;
        this.warn = warn;
    }

    /**
     * Returns the attribute prompts of {@code --prompt} options, each {@code
     * NAME=POSITIVE|NEGATIVE}: name to its positive and negative prompt, in order.
     */
    public static Map<String, List<String>> prompts(List<String> options) {
        Map<String, List<String>> pairs = new LinkedHashMap<>();
        for (String p : options) {
            int eq = p.indexOf('=');
            int bar = eq < 0 ? -1 : p.indexOf('|', eq + 1);
            List<String> parts =
                    bar < 0
                            ? List.of()
                            : List.of(
                                    p.substring(0, eq).strip(),
                                    p.substring(eq + 1, bar).strip(),
                                    p.substring(bar + 1).strip());
            if (parts.isEmpty() || parts.stream().anyMatch(String::isEmpty)) {
                throw new UsageException(
                        "--prompt '" + p + "' must look like NAME=POSITIVE|NEGATIVE");
            }
            pairs.put(parts.get(0), parts.subList(1, 3));
        }
        return pairs;
    }

    /** Scores the inputs of {@code r} and writes their rows to {@code out}. */
    public Result run(Request r, PrintWriter out) {
        List<String> refs = references(r.inputs());
        try (Scorer scorer = Scorer.open(config.model());
                ImagePreparer images =
                        ImagePreparer.forCommandLine(config.fetch(), config.memory())) {
            scorer.bundle().manifest().randomWeightsWarning().ifPresent(warn);
            addPrompts(scorer, r);
            int batch = r.batchSize() != null ? r.batchSize() : config.batch().maxSize();
            ImageScoring scoring = new ImageScoring(images, new BatchScorer(scorer), batch);
            List<ScoreRow> rows;
            try (Progress.Bar bar = progress.start("scoring", refs.size())) {
                rows = scoring.run(refs, bar.stepper());
            }
            RowWriter writer = new RowWriter(scorer.scoreFields(), scorer.attributeNames());
            if (r.explain()) {
                writer = writer.explaining(scorer.attributePrompts());
            }
            writer.write(rows, r.format(), out);
            return new Result(rows.size(), rows.stream().filter(row -> !row.succeeded()).count());
        }
    }

    private void addPrompts(Scorer scorer, Request r) {
        if ((r.explain() || !r.prompts().isEmpty())
                && scorer.bundle().manifest().visionLanguage() == null) {
            throw new UsageException(
                    "model "
                            + scorer.bundle().manifest().name()
                            + " has no vision-language branch; --explain and --prompt need one");
        }
        List<String> unknown = scorer.addAttributes(r.prompts());
        if (!unknown.isEmpty()) {
            warn.accept(
                    "warning: the text encoder's vocabulary lacks "
                            + String.join(", ", unknown)
                            + " (all read as one unknown word; prompts that differ only there"
                            + " score nothing)");
        }
    }

    private static List<String> references(List<String> inputs) {
        List<String> refs;
        try {
            refs = ImageReferences.expand(inputs);
        } catch (UncheckedIOException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        if (refs.isEmpty()) {
            throw new ConfigException("no images found in " + String.join(" ", inputs));
        }
        return refs;
    }
}
