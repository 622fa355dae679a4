package io.qualitymonitor.tools.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Formats evaluations as a Markdown table (readable as plain text): one row per model and group.
 */
public final class ResultTable {

    private static final String[] HEADER = {"model", "group", "n", "SRCC", "PLCC", "KRCC"};

    private ResultTable() {}

    /**
     * Returns the table: each model's overall row ({@code all}) followed by its group rows, with
     * the confidence level in the header note.
     */
    public static String markdown(List<ModelEvaluation> evaluations, double confidence) {
        List<String[]> rows = new ArrayList<>();
        for (ModelEvaluation e : evaluations) {
            String name = e.model() + (e.lowerIsBetter() ? " (negated)" : "");
            rows.add(row(name, "all", e.overall()));
            for (Map.Entry<String, CorrelationSummary> g : e.groups().entrySet()) {
                rows.add(row(e.model(), g.getKey(), g.getValue()));
            }
        }
        StringBuilder out = new StringBuilder(markdown(HEADER, rows));
        out.append(
                String.format(
                        Locale.ROOT,
                        "%nValues: estimate [%.0f%% bootstrap interval]; PLCC after a 4-parameter"
                                + " logistic fit.%n",
                        confidence * 100));
        return out.toString();
    }

    /**
     * Returns {@code rows} under {@code header} as a Markdown table whose columns are as wide as
     * their longest cell, so that it also reads as plain text on a terminal.
     */
    public static String markdown(String[] header, List<String[]> rows) {
        int[] widths = widths(header, rows);
        StringBuilder out = new StringBuilder();
        out.append(line(header, widths));
        StringBuilder rule = new StringBuilder("|");
        for (int w : widths) {
            rule.append("-".repeat(w + 2)).append('|');
        }
        out.append(rule).append('\n');
        for (String[] r : rows) {
            out.append(line(r, widths));
        }
        return out.toString();
    }

    private static String[] row(String model, String group, CorrelationSummary s) {
        return new String[] {
            model,
            group,
            Integer.toString(s.count()),
            s.srcc().format(3),
            s.plcc().format(3),
            s.krcc().format(3)
        };
    }

    private static int[] widths(String[] header, List<String[]> rows) {
        int[] w = new int[header.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = header[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        return w;
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            b.append(' ').append(String.format("%-" + widths[i] + "s", cells[i])).append(" |");
        }
        return b.append('\n').toString();
    }
}
