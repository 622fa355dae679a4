package io.qualitymonitor.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    @Test
    void shouldPrintOneRowPerBatchSizeWithTheJavaOverPythonRatio() {
        // Given two measured batch sizes, the second without a Python result
        BenchReport report =
                new BenchReport()
                        .context("machine: test")
                        .row(
                                new BenchResult(1, 30, 33.3, 40, 10),
                                new BenchResult(1, 20, 50, 60, 10))
                        .row(new BenchResult(8, 80, 100, 120, 10), null);
        // When it is rendered
        String md = report.toMarkdown();
        // Then the ratio is Java / Python and missing figures are dashes
        assertThat(md).contains("- machine: test");
        assertThat(md).contains("| 1 | 30.00 | 20.00 | 1.50 | 33.3 | 40.0 | 50.0 | 60.0 |");
        assertThat(md).contains("| 8 | 80.00 | - | - | 100.0 | 120.0 | - | - |");
        assertThat(report.minRatio()).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void shouldTakeNearestRankPercentiles() {
        List<Long> nanos = List.of(5_000_000L, 1_000_000L, 3_000_000L, 2_000_000L, 4_000_000L);
        assertThat(BenchRunner.percentile(nanos, 50)).isEqualTo(3.0);
        assertThat(BenchRunner.percentile(nanos, 99)).isEqualTo(5.0);
    }
}
