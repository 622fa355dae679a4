package io.qualitymonitor.tools.compare;

import io.qualitymonitor.drift.ScoreHistogram;
import io.qualitymonitor.tools.evaluate.ScatterPlot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.StringEscapeUtils;

/**
 * Writes a comparison as an HTML page with, per segment, a scatter plot of B against A and a
 * histogram of the deltas (PNG files beside the page, named after it).
 */
public final class ComparePage {
    private static final int MIN_BINS = 10;
    private static final int MAX_BINS = 50;

    private ComparePage() {}

    /** Writes {@code page} and its plots, creating the folder; returns the plot files. */
    public static List<Path> write(Comparison c, Path page) {
        Path dir = page.toAbsolutePath().getParent();
        String stem = page.getFileName().toString().replaceFirst("\\.html?$", "");
        String title =
                esc("Replay compare: " + c.a().side().label() + " vs " + c.b().side().label());
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(title)
                .append("</title><style>body{font-family:sans-serif;margin:2em}</style></head>")
                .append("<body><h1>")
                .append(title)
                .append("</h1><pre>")
                .append(esc(CompareTable.text(c)))
                .append("</pre>");
        List<Path> plots = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < c.segments().size(); i++) {
                SegmentComparison s = c.segments().get(i);
                // the index keeps two segments apart whose keys differ only in unsafe characters
                String file = stem + "-" + i + "-" + s.segment().replaceAll("[^A-Za-z0-9_.-]", "_");
                Path scatter = dir.resolve(file + "-scatter.png");
                Path deltas = dir.resolve(file + "-deltas.png");
                plot(c, s, scatter, deltas);
                plots.add(scatter);
                plots.add(deltas);
                html.append(section(s, scatter, deltas));
            }
            Files.writeString(page, html.append("</body></html>\n").toString());
            return plots;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + page + ": " + e.getMessage(), e);
        }
    }

    private static void plot(Comparison c, SegmentComparison s, Path scatter, Path deltas) {
        String a = c.a().side().label();
        String b = c.b().side().label();
        ScatterPlot.write(
                scatter,
                s.segment() + ": " + b + " against " + a,
                "score " + a,
                "score " + b,
                List.of(
                        new ScatterPlot.Series(
                                s.segment() + " (n=" + s.both() + ")", s.a(), s.b())));
        ScatterPlot.writeLines(
                deltas,
                s.segment() + ": score " + b + " - score " + a,
                "delta",
                "proportion",
                List.of(histogram(s)));
    }

    /**
     * Returns the deltas' proportion per bin: bins symmetric around zero out to the largest delta
     * (rounded up to a whole point), as many as the Rice rule gives ({@code 2 n^(1/3)}) within 10
     * to 50.
     */
    static ScatterPlot.Series histogram(SegmentComparison s) {
        double[] d = new double[s.a().length];
        for (int i = 0; i < d.length; i++) {
            d[i] = s.b()[i] - s.a()[i];
        }
        double max = s.deltas().maxAbs();
        double half = Double.isNaN(max) ? 1 : Math.max(1, Math.ceil(max));
        int bins = Math.clamp((long) Math.ceil(2 * Math.cbrt(d.length)), MIN_BINS, MAX_BINS);
        ScoreHistogram h = new ScoreHistogram(-half, half, bins);
        for (double v : d) {
            h.add(v);
        }
        long[] counts = h.counts();
        double[] x = new double[counts.length];
        double[] y = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            x[i] = -half + (i + 0.5) * h.binWidth();
            y[i] = counts[i] / (double) Math.max(1, h.total());
        }
        return new ScatterPlot.Series("n=" + h.total(), x, y);
    }

    private static String section(SegmentComparison s, Path scatter, Path deltas) {
        AlertFlips f = s.flips();
        return String.format(
                Locale.ROOT,
                "<h2>%s</h2><p>%d uploads on both sides (%d only A, %d only B); SRCC %s; delta"
                        + " mean %s, sd %s, median %s, 5-95%% %s to %s</p><p>alerts B raises"
                        + " (%d): %s<br>alerts B clears (%d): %s</p><img src=\"%s\"> <img"
                        + " src=\"%s\">",
                esc(s.segment()),
                s.both(),
                s.onlyA(),
                s.onlyB(),
                CompareTable.num(s.srcc(), "%.3f"),
                CompareTable.num(s.deltas().mean(), "%+.2f"),
                CompareTable.num(s.deltas().sd(), "%.2f"),
                CompareTable.num(s.deltas().median(), "%+.2f"),
                CompareTable.num(s.deltas().p5(), "%+.2f"),
                CompareTable.num(s.deltas().p95(), "%+.2f"),
                f.raised(),
                esc(String.join(", ", f.raisedExamples())),
                f.cleared(),
                esc(String.join(", ", f.clearedExamples())),
                esc(scatter.getFileName().toString()),
                esc(deltas.getFileName().toString()));
    }

    private static String esc(String s) {
        return StringEscapeUtils.escapeHtml4(s);
    }
}
