package io.qualitymonitor.tools.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Returns the benchmark table in Markdown: per batch size, Java and Python images/s, their ratio,
 * and batch latency percentiles; preceded by the context lines (command, machine, model).
 */
public final class BenchReport {
    private final List<String> context = new ArrayList<>();
    private final List<BenchResult[]> rows = new ArrayList<>();

    /** Adds a context line, e.g. "machine: 2 cores". */
    public BenchReport context(String line) {
        context.add(line);
        return this;
    }

    /**
     * Adds one batch size's results; {@code python} may be null when the Python loop was skipped.
     */
    public BenchReport row(BenchResult java, BenchResult python) {
        rows.add(new BenchResult[] {java, python});
        return this;
    }

    /** Returns the lowest Java / Python throughput ratio, or NaN without Python results. */
    public double minRatio() {
        return rows.stream()
                .filter(r -> r[1] != null)
                .mapToDouble(r -> r[0].imagesPerSecond() / r[1].imagesPerSecond())
                .min()
                .orElse(Double.NaN);
    }

    /** Returns the report as Markdown. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        context.forEach(c -> sb.append("- ").append(c).append('\n'));
        sb.append('\n');
        sb.append(
                "| batch | java img/s | python img/s | ratio (java/python) | java p50 ms | java p99 ms |"
                        + " python p50 ms | python p99 ms |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BenchResult[] r : rows) {
            BenchResult j = r[0];
            BenchResult p = r[1];
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %.2f | %s | %s | %.1f | %.1f | %s | %s |%n",
                            j.batchSize(),
                            j.imagesPerSecond(),
                            p == null
                                    ? "-"
                                    : String.format(Locale.ROOT, "%.2f", p.imagesPerSecond()),
                            p == null
                                    ? "-"
                                    : String.format(
                                            Locale.ROOT,
                                            "%.2f",
                                            j.imagesPerSecond() / p.imagesPerSecond()),
                            j.p50Ms(),
                            j.p99Ms(),
                            p == null ? "-" : String.format(Locale.ROOT, "%.1f", p.p50Ms()),
                            p == null ? "-" : String.format(Locale.ROOT, "%.1f", p.p99Ms())));
        }
        return sb.toString();
    }
}
