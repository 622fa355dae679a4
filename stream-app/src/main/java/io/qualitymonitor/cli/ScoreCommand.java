package io.qualitymonitor.cli;

import io.qualitymonitor.app.FetchingImageSource;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.fetch.SafeFetcher;
import io.qualitymonitor.image.DecodeLimits;
import io.qualitymonitor.image.FileImageSource;
import io.qualitymonitor.image.ImageDecoder;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.model.offline.RowFormat;
import io.qualitymonitor.model.offline.RowWriter;
import io.qualitymonitor.model.offline.ScoreRow;
import io.qualitymonitor.model.offline.ScoreRun;
import java.io.PrintWriter;
import java.util.List;
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
    @Spec picocli.CommandLine.Model.CommandSpec spec;
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
        AppConfig cfg = config.load(model.overrides());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> refs = references();
        try (Scorer scorer = ModelOptions.open(cfg.model());
                SafeFetcher fetcher = new SafeFetcher(cfg.fetch())) {
            ModelOptions.warnIfRandom(scorer, err);
            ImageDecoder decoder = new ImageDecoder(DecodeLimits.from(cfg.fetch()));
            int batch = batchSize != null ? batchSize : cfg.batch().maxSize();
            ScoreRun run =
                    new ScoreRun(
                            List.of(new FileImageSource(), new FetchingImageSource(fetcher)),
                            decoder,
                            scorer,
                            Math.max(1, batch));
            List<ScoreRow> rows;
            try (ProgressBar bar = ProgressBars.over("scoring", refs.size(), err)) {
                rows = run.run(refs, ProgressBars.stepper(bar));
            }
            new RowWriter(scorer.branchScoreNames(), scorer.attributeNames())
                    .write(rows, rowFormat, out);
            long failed = rows.stream().filter(r -> !r.succeeded()).count();
            if (failed > 0) {
                err.println(failed + " of " + rows.size() + " inputs could not be scored");
                return ExitCodes.PARTIAL_FAILURE;
            }
            return ExitCodes.OK;
        }
    }

    private List<String> references() {
        List<String> refs;
        try {
            refs = ScoreRun.expand(inputs);
        } catch (java.io.UncheckedIOException e) {
            throw new UserException(e.getMessage());
        }
        if (refs.isEmpty()) {
            throw new UserException("no images found in " + String.join(" ", inputs));
        }
        return refs;
    }
}
