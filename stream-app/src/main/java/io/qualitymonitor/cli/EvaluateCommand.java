package io.qualitymonitor.cli;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.evaluate.Comparison;
import io.qualitymonitor.evaluate.EvaluationException;
import io.qualitymonitor.evaluate.EvaluationSettings;
import io.qualitymonitor.image.DecodeLimits;
import io.qualitymonitor.image.ImageDecoder;
import io.qualitymonitor.model.ModelException;
import io.qualitymonitor.model.baseline.BaselineException;
import io.qualitymonitor.model.offline.LabelledImages;
import io.qualitymonitor.model.offline.ModelScoring;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Compares models against subjective labels: SRCC, PLCC, KRCC with intervals, per group. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description =
                "Evaluate models on labelled images: SRCC, PLCC (4-parameter logistic), KRCC with"
                        + " bootstrap intervals, per group; scatter plot PNG.")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin ConfigMixin config;
    @Mixin LabelledImagesOptions data;

    @Option(
            names = "--model",
            paramLabel = "MODEL",
            description =
                    "brisque, niqe, or a bundle folder/.zip; repeatable (default: model.dir).")
    List<String> models = new ArrayList<>();

    @Option(
            names = "--branches",
            description =
                    "Also evaluate each branch of a bundle alone: the low-level and"
                            + " vision-language heads and the zero-shot prompt score.")
    boolean branches;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write a scatter plot.")
    Path plot;

    @Option(names = "--out", paramLabel = "FILE.md", description = "Also write the table here.")
    Path out;

    @Option(
            names = "--scores",
            paramLabel = "FILE.csv",
            description = "Also write each image's score by each model (raw, not negated).")
    Path scoresCsv;

    @Option(names = "--bootstrap", defaultValue = "1000", description = "Resamples (1000).")
    int bootstrap;

    @Override
    public Integer call() throws IOException {
        AppConfig cfg = config.load();
        PrintWriter err = spec.commandLine().getErr();
        try {
            LabelledImages li = data.read();
            var settings = new EvaluationSettings(Math.max(0, bootstrap), 42L, 0.95);
            Comparison comparison = new Comparison(li.labels(), data.lowerBetter, settings);
            ModelScoring scoring =
                    new ModelScoring(
                            new ImageDecoder(DecodeLimits.from(cfg.fetch())),
                            cfg.model(),
                            cfg.batch().maxSize());
            for (String m : models.isEmpty() ? List.of(cfg.model().dir().toString()) : models) {
                try (ProgressBar bar = ProgressBars.over(m, li.files().size(), err, cfg)) {
                    scoring.score(m, li.files(), ProgressBars.stepper(bar), err::println, branches)
                            .forEach(comparison::add);
                }
            }
            String table = comparison.markdown();
            spec.commandLine().getOut().print(table);
            spec.commandLine().getOut().flush();
            if (out != null) {
                Files.writeString(out, table);
            }
            if (scoresCsv != null) {
                Files.writeString(scoresCsv, comparison.scoresCsv());
            }
            if (plot != null) {
                comparison.writePlot(
                        plot, "Scores against labels (" + data.labels.getFileName() + ")");
            }
            return ExitCodes.OK;
        } catch (EvaluationException | ModelException | BaselineException e) {
            throw new UserException(e.getMessage(), ExitCodes.CONFIG);
        }
    }
}
