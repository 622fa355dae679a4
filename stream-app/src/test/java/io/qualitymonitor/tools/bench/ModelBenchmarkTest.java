package io.qualitymonitor.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.RequiresPython;
import io.qualitymonitor.TestRequirements;
import io.qualitymonitor.config.ModelConfig;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.scoring.ImagePreparer;
import io.qualitymonitor.scoring.TestPreparers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelBenchmarkTest {
    private static final Path BUNDLE = Path.of("src/test/resources/bundles/tiny-lowlevel");
    private static final Path SCRIPT = Path.of("../training/bench_torchscript.py");

    private static Scorer scorer() {
        return Scorer.open(BUNDLE, new ModelConfig(BUNDLE, "cpu", 2, 1, 1));
    }

    @Test
    void shouldMeasureEveryBatchSizeOnSyntheticImagesWithoutPython() {
        // Given a benchmark without the Python loop
        BenchSettings s = new BenchSettings(List.of(1, 2), 0.0, null, 2, null, SCRIPT);
        List<String> progress = new ArrayList<>();
        try (Scorer scorer = scorer();
                ImagePreparer images = TestPreparers.commandLine()) {
            // When it runs
            BenchReport report = new ModelBenchmark(scorer, images).run(s, progress::add);
            // Then each batch size has a Java measurement and no ratio
            assertThat(progress).hasSize(2).allMatch(l -> l.contains("java"));
            assertThat(report.toMarkdown())
                    .contains("| 1 | ")
                    .contains("| 2 | ")
                    .contains("tiny-lowlevel");
            assertThat(report.minRatio()).isNaN();
        }
    }

    @Test
    @RequiresPython(modules = {"torch", "PIL", "numpy"})
    void shouldRunThePythonLoopOnTheSameImagesAndReportTheRatio() {
        BenchSettings s =
                new BenchSettings(List.of(2), 0.0, null, 2, TestRequirements.python(), SCRIPT);
        try (Scorer scorer = scorer();
                ImagePreparer images = TestPreparers.commandLine()) {
            BenchReport report = new ModelBenchmark(scorer, images).run(s, line -> {});
            assertThat(report.minRatio()).isPositive().isFinite();
            assertThat(report.toMarkdown()).contains("python: torch");
        }
    }
}
