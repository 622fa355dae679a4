package io.qualitymonitor.tools.evaluate;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.scoring.ImagePreparer;
import io.qualitymonitor.tools.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Evaluates models on labelled images: scores them with each model (bundles through the stream's
 * scoring path, or a classic baseline), and compares the scores with the labels (SRCC, PLCC, KRCC
 * with bootstrap intervals, per group). The engine of the {@code evaluate} command.
 */
public final class EvaluateService {
    private final AppConfig config;
    private final Progress progress;
    private final Consumer<String> warn;

    /**
     * What to evaluate.
     *
     * @param data the labelled images
     * @param models {@code brisque}, {@code niqe} or bundle folders; empty for {@code model.dir}
     * @param branches also evaluate each branch of a bundle alone
     * @param bootstrap bootstrap resamples for the intervals
     * @param plot where to write a scatter plot, or null
     * @param out where to write the table too, or null
     * @param scoresCsv where to write each image's raw score by each model, or null
     */
    public record Request(
            LabelledSet data,
            List<String> models,
            boolean branches,
            int bootstrap,
            Path plot,
            Path out,
            Path scoresCsv) {}

    /** Returns the service over {@code config}; warnings go to {@code warn}, one line each. */
    public EvaluateService(AppConfig config, Progress progress, Consumer<String> warn) {
        this.config = config;
        this.progress = progress;
        this.warn = warn;
    }

    /** Returns the comparison table (Markdown), after writing it and the plot where asked. */
    public String run(Request r) {
        LabelledImages li = r.data().read();
        var settings = new EvaluationSettings(Math.max(0, r.bootstrap()), 42L, 0.95);
        Comparison comparison = new Comparison(li.labels(), r.data().lowerBetter(), settings);
        List<String> models =
                r.models().isEmpty() ? List.of(config.model().dir().toString()) : r.models();
        try (ImagePreparer images = ImagePreparer.forCommandLine(config.fetch(), config.memory())) {
            ModelScoring scoring =
                    new ModelScoring(images, config.model(), config.batch().maxSize());
            for (String m : models) {
                try (Progress.Bar bar = progress.start(m, li.files().size())) {
                    scoring.score(m, li.files(), bar.stepper(), warn, r.branches())
                            .forEach(comparison::add);
                }
            }
        }
        String table = comparison.markdown();
        try {
            if (r.out() != null) {
                Files.writeString(r.out(), table);
            }
            if (r.scoresCsv() != null) {
                Files.writeString(r.scoresCsv(), comparison.scoresCsv());
            }
            if (r.plot() != null) {
                comparison.writePlot(
                        r.plot(),
                        "Scores against labels (" + r.data().labels().getFileName() + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }
}
