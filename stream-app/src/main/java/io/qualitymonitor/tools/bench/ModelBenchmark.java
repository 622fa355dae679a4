package io.qualitymonitor.tools.bench;

import ai.djl.engine.Engine;
import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.model.BundleManifest;
import io.qualitymonitor.model.ModelException;
import io.qualitymonitor.model.PyTorchRuntime;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.scoring.BatchScorer;
import io.qualitymonitor.scoring.ImagePreparer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs the model benchmark: per batch size, the Java {@link Scorer} and then the Python loop on the
 * same bundle and images (in turn, so both see the same machine load), into a {@link BenchReport}.
 */
public final class ModelBenchmark {
    private static final int WARMUP_BATCHES = 2;
    private static final int MIN_BATCHES = 5;
    private final Scorer scorer;
    private final ImagePreparer images;

    /** Returns a benchmark of {@code scorer}; {@code images} reads the benchmark's images. */
    public ModelBenchmark(Scorer scorer, ImagePreparer images) {
        this.scorer = scorer;
        this.images = images;
    }

    /** Returns the report; {@code progress} receives one line per finished measurement. */
    public BenchReport run(BenchSettings s, Consumer<String> progress) {
        List<DecodedImage> images = images(s);
        BenchRunner javaRunner =
                new BenchRunner(
                        new BatchScorer(scorer),
                        images,
                        WARMUP_BATCHES,
                        MIN_BATCHES,
                        s.minSeconds());
        BenchReport report = context(s, images);
        Path pngs = s.python() == null ? null : BenchImages.writePng(images);
        try (PythonBench python = pngs == null ? null : startPython(s, pngs)) {
            if (python != null) {
                report.context(
                        "python: torch "
                                + python.torchVersion()
                                + " via "
                                + s.python()
                                + " "
                                + s.script().getFileName()
                                + ", same thread count and forward passes of "
                                + (scorer.passMaxViews() > 0
                                        ? "at most " + scorer.passMaxViews() + " crops"
                                        : "the whole batch"));
            }
            for (int b : s.batchSizes()) {
                BenchResult j = javaRunner.run(b);
                progress.accept(
                        String.format(
                                Locale.ROOT, "batch %d: java %.2f img/s", b, j.imagesPerSecond()));
                BenchResult p = python == null ? null : python.run(b);
                if (p != null) {
                    progress.accept(
                            String.format(
                                    Locale.ROOT,
                                    "batch %d: python %.2f img/s",
                                    b,
                                    p.imagesPerSecond()));
                }
                report.row(j, p);
            }
        } finally {
            delete(pngs);
        }
        return report;
    }

    private PythonBench startPython(BenchSettings s, Path pngs) {
        if (!Files.isRegularFile(s.script())) {
            throw new ModelException("Python benchmark script not found: " + s.script());
        }
        return new PythonBench(
                s.python(),
                s.script(),
                scorer.bundle().dir(),
                pngs,
                PyTorchRuntime.threads(),
                scorer.passMaxViews(),
                s.minSeconds());
    }

    private List<DecodedImage> images(BenchSettings s) {
        if (s.images() == null) {
            return BenchImages.synthetic(Math.min(s.count(), 16), 768, 512);
        }
        List<DecodedImage> loaded = BenchImages.load(s.images(), s.count(), images);
        if (loaded.isEmpty()) {
            throw new ModelException("no decodable images in " + s.images());
        }
        return loaded;
    }

    private BenchReport context(BenchSettings s, List<DecodedImage> images) {
        BundleManifest m = scorer.bundle().manifest();
        double mp = images.stream().mapToDouble(i -> i.width() * (double) i.height()).sum();
        mp /= images.size() * 1e6;
        String source = s.images() == null ? "synthetic 768x512" : s.images().toString();
        String random = m.randomInit() ? " (random weights)" : "";
        return new BenchReport()
                .context("date: " + Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .context("model: " + m.name() + " " + m.version() + random)
                .context(
                        f(
                                "images: %d from %s, mean %.2f MP, decoded before timing",
                                images.size(), source, mp))
                .context(
                        f(
                                "machine: %d cores visible to the JVM, Java %s",
                                Runtime.getRuntime().availableProcessors(), Runtime.version()))
                .context(
                        f(
                                "java: DJL %s, PyTorch %s, device %s, %d intra-op threads",
                                Engine.getDjlVersion(),
                                Engine.getEngine("PyTorch").getVersion(),
                                scorer.device(),
                                PyTorchRuntime.threads()))
                .context(
                        f(
                                "each batch size: %d warm-up batches, then >= %d batches and >= %s s;"
                                        + " Java then Python in turn",
                                WARMUP_BATCHES, MIN_BATCHES, s.minSeconds()));
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temp files left behind are harmless
        }
    }
}
