package io.qualitymonitor.tools.evaluate;

import io.qualitymonitor.config.ModelConfig;
import io.qualitymonitor.fetch.ImageReferences;
import io.qualitymonitor.model.ScoreResult;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.scoring.BatchScorer;
import io.qualitymonitor.scoring.ImagePreparer;
import io.qualitymonitor.scoring.ImageScoring;
import io.qualitymonitor.scoring.Prepared;
import io.qualitymonitor.tools.baseline.BaselineException;
import io.qualitymonitor.tools.baseline.BaselineScorer;
import io.qualitymonitor.tools.baseline.Baselines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Scores a list of image files with a model named as on the command line: a classic baseline
 * ({@code brisque}, {@code niqe}) or a bundle folder or zip. Any image that cannot be read or
 * scored stops the run with a one-line {@link EvaluationException} naming it, since an evaluation
 * over a silently shrunken set would mislead.
 */
public final class ModelScoring {
    private final ImagePreparer images;
    private final ModelConfig runtime;
    private final int batchSize;

    /**
     * Creates the scoring.
     *
     * @param images reads and decodes each file
     * @param runtime the runtime settings for bundles (its {@code dir} is ignored)
     * @param batchSize images per forward pass for bundles
     */
    public ModelScoring(ImagePreparer images, ModelConfig runtime, int batchSize) {
        this.images = images;
        this.runtime = runtime;
        this.batchSize = Math.max(1, batchSize);
    }

    /**
     * Returns the scores of {@code files} by model {@code name}: the model's score first, then with
     * {@code branches} and a bundle, each branch score ({@code lowlevel}, {@code vision_language},
     * {@code zero_shot}) as a model named {@code "<name> [<branch>]"}. {@code done} receives the
     * count scored so far; {@code warn} receives a line when a bundle has random weights.
     */
    public List<Comparison.Scores> score(
            String name,
            List<Path> files,
            IntConsumer done,
            java.util.function.Consumer<String> warn,
            boolean branches) {
        if (Baselines.isBaseline(name)) {
            return List.of(baseline(Baselines.create(name), files, done));
        }
        try (Scorer scorer = Scorer.open(Path.of(name), runtime)) {
            var m = scorer.bundle().manifest();
            if (m.randomInit()) {
                warn.accept("warning: model " + m.name() + " has random weights (a test fixture)");
            }
            List<ScoreResult> results =
                    new ImageScoring(images, new BatchScorer(scorer), batchSize)
                            .scoreAll(files, done, EvaluationException::new);
            List<Comparison.Scores> out = new ArrayList<>();
            out.add(
                    new Comparison.Scores(
                            m.name(),
                            false,
                            results.stream().mapToDouble(ScoreResult::score).toArray()));
            if (branches) {
                String output = scorer.bundle().regressor().output();
                // The output head's own scores are the model's row already.
                for (String b : scorer.branchScoreNames()) {
                    if (b.equals(output)) {
                        continue;
                    }
                    out.add(
                            new Comparison.Scores(
                                    m.name() + " [" + b + "]",
                                    false,
                                    results.stream()
                                            .mapToDouble(r -> r.branchScores().get(b))
                                            .toArray()));
                }
            }
            return out;
        }
    }

    private Comparison.Scores baseline(BaselineScorer b, List<Path> files, IntConsumer done) {
        AtomicInteger count = new AtomicInteger();
        double[] out = new double[files.size()];
        IntStream.range(0, files.size())
                .parallel()
                .forEach(
                        i -> {
                            out[i] = baselineScore(b, files.get(i));
                            int n = count.incrementAndGet();
                            synchronized (done) {
                                done.accept(n);
                            }
                        });
        return new Comparison.Scores(b.name(), b.lowerIsBetter(), out);
    }

    private double baselineScore(BaselineScorer b, Path file) {
        Prepared p = images.prepare(ImageReferences.toUri(file.toString()), null).join();
        try {
            return switch (p) {
                case Prepared.Ready r -> b.score(r.image().rgb());
                case Prepared.Failed f -> throw new BaselineException(f.message());
            };
        } catch (BaselineException e) {
            throw new EvaluationException(
                    "cannot score " + file + " with " + b.name() + ": " + e.getMessage(), e);
        }
    }
}
