package io.qualitymonitor.cli;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.fetch.ImageReferences;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.scoring.BatchScorer;
import io.qualitymonitor.scoring.ImagePreparer;
import io.qualitymonitor.scoring.ImageScoring;
import io.qualitymonitor.scoring.ScoreRow;
import io.qualitymonitor.tools.score.RowFormat;
import io.qualitymonitor.tools.score.RowWriter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Scores image files, folders (recursive) and URLs with a model bundle; one row per input. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = "Score images: files, folders (recursive) and http(s) URLs.")
public final class ScoreCommand implements Callable<Integer> {
    picocli.CommandLine.Model.CommandSpec spec;

    /** Receives the command's spec when picocli builds it, and adds the column help. */
    @Spec
    void spec(picocli.CommandLine.Model.CommandSpec commandSpec) {
        this.spec = commandSpec;
        commandSpec.usageMessage().footer(RowWriter.columnsHelp().toArray(String[]::new));
    }

    @Mixin ConfigMixin config;
    @Mixin ModelOptions model;

    @Parameters(
            arity = "1..*",
            paramLabel = "PATH_OR_URL",
            description = "Images, folders or URLs.")
    List<String> inputs;

    @Option(
            names = "--format",
            defaultValue = "table",
            description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = "--explain",
            description =
                    "Explain each score by the model's zero-shot attribute scores (the"
                            + " shipped bundle's: sharpness, noise, exposure, colour, blockiness,"
                            + " contrast): a 'why:' line per image in the table, an explanation"
                            + " field in JSON. Needs a bundle with the vision-language branch.")
    boolean explain;

    @Option(
            names = "--prompt",
            paramLabel = "NAME=POSITIVE|NEGATIVE",
            description =
                    "Add an attribute from a prompt pair of your own, e.g. --prompt 'vivid=a vivid"
                            + " photo.|a dull photo.' (repeatable; encoded by the bundle's text"
                            + " encoder).")
    List<String> prompts = new ArrayList<>();

    @Option(
            names = "--batch-size",
            description = "Images per forward pass (default: batch.max.size).")
    Integer batchSize;

    @Override
    public Integer call() {
        RowFormat rowFormat;
        try {
            rowFormat = RowFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), ExitCodes.USAGE);
        }
        Map<String, List<String>> extraPrompts = promptPairs();
        AppConfig cfg = config.load(model.overrides());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> refs = references();
        try (Scorer scorer = ModelOptions.open(cfg.model());
                ImagePreparer images = ImagePreparer.forCommandLine(cfg.fetch())) {
            ModelOptions.warnIfRandom(scorer, err);
            if ((explain || !extraPrompts.isEmpty())
                    && scorer.bundle().manifest().visionLanguage() == null) {
                throw new UserException(
                        "model "
                                + scorer.bundle().manifest().name()
                                + " has no vision-language branch; --explain and --prompt need"
                                + " one",
                        ExitCodes.USAGE);
            }
            try {
                List<String> unknown = scorer.addAttributes(extraPrompts);
                if (!unknown.isEmpty()) {
                    err.println(
                            "warning: the text encoder's vocabulary lacks "
                                    + String.join(", ", unknown)
                                    + " (all read as one unknown word; prompts that differ only"
                                    + " there score nothing)");
                }
            } catch (io.qualitymonitor.model.ModelException e) {
                throw new UserException(e.getMessage(), ExitCodes.CONFIG);
            }
            int batch = batchSize != null ? batchSize : cfg.batch().maxSize();
            ImageScoring run = new ImageScoring(images, new BatchScorer(scorer), batch);
            List<ScoreRow> rows;
            try (ProgressBar bar = ProgressBars.over("scoring", refs.size(), err, cfg)) {
                rows = run.run(refs, ProgressBars.stepper(bar));
            }
            RowWriter writer = new RowWriter(scorer.scoreFields(), scorer.attributeNames());
            if (explain) {
                writer = writer.explaining(scorer.attributePrompts());
            }
            writer.write(rows, rowFormat, out);
            long failed = rows.stream().filter(r -> !r.succeeded()).count();
            if (failed > 0) {
                err.println(failed + " of " + rows.size() + " inputs could not be scored");
                return ExitCodes.PARTIAL_FAILURE;
            }
            return ExitCodes.OK;
        }
    }

    private Map<String, List<String>> promptPairs() {
        Map<String, List<String>> pairs = new LinkedHashMap<>();
        for (String p : prompts) {
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
                throw new UserException(
                        "--prompt '" + p + "' must look like NAME=POSITIVE|NEGATIVE",
                        ExitCodes.USAGE);
            }
            pairs.put(parts.get(0), parts.subList(1, 3));
        }
        return pairs;
    }

    private List<String> references() {
        List<String> refs;
        try {
            refs = ImageReferences.expand(inputs);
        } catch (java.io.UncheckedIOException e) {
            throw new UserException(e.getMessage());
        }
        if (refs.isEmpty()) {
            throw new UserException("no images found in " + String.join(" ", inputs));
        }
        return refs;
    }
}
