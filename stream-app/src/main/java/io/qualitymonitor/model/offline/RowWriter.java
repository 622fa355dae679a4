package io.qualitymonitor.model.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qualitymonitor.model.ScoreResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes scored rows as a table, CSV or JSON. Columns: file, score, one per branch score, one per
 * attribute (CSV and JSON), width, height, decode and inference milliseconds, and the failure.
 */
public final class RowWriter {
    private final List<String> branches;
    private final List<String> attributes;

    /** Returns a writer for a model with these branch-score and attribute names. */
    public RowWriter(List<String> branches, List<String> attributes) {
        this.branches = List.copyOf(branches);
        this.attributes = List.copyOf(attributes);
    }

    /** Writes {@code rows} to {@code out} in {@code format}. */
    public void write(List<ScoreRow> rows, RowFormat format, PrintWriter out) {
        switch (format) {
            case CSV -> csv(rows, out);
            case JSON -> json(rows, out);
            default -> table(rows, out);
        }
        out.flush();
    }

    private void csv(List<ScoreRow> rows, PrintWriter out) {
        List<String> header = new ArrayList<>(List.of("file", "score"));
        header.addAll(branches);
        header.addAll(attributes);
        header.addAll(List.of("width", "height", "decode_ms", "inference_ms", "error", "message"));
        out.println(String.join(",", header));
        for (ScoreRow row : rows) {
            List<String> cells = new ArrayList<>(List.of(csvCell(row.reference())));
            ScoreResult r = row.result();
            cells.add(r == null ? "" : num(r.score()));
            branches.forEach(b -> cells.add(r == null ? "" : num(r.branchScores().get(b))));
            attributes.forEach(a -> cells.add(r == null ? "" : num(r.attributes().get(a))));
            cells.add(r == null ? "" : Integer.toString(r.width()));
            cells.add(r == null ? "" : Integer.toString(r.height()));
            cells.add(r == null ? "" : num(r.decodeMs()));
            cells.add(r == null ? "" : num(r.inferenceMs()));
            cells.add(row.failure() == null ? "" : row.failure());
            cells.add(row.message() == null ? "" : csvCell(row.message()));
            out.println(String.join(",", cells));
        }
    }

    private void table(List<ScoreRow> rows, PrintWriter out) {
        int fileWidth = 4;
        for (ScoreRow row : rows) {
            fileWidth = Math.max(fileWidth, Math.min(60, row.reference().length()));
        }
        StringBuilder head =
                new StringBuilder(
                        String.format(Locale.ROOT, "%-" + fileWidth + "s  %6s", "file", "score"));
        branches.forEach(b -> head.append(String.format(Locale.ROOT, "  %15s", b)));
        out.println(head.append("  size"));
        for (ScoreRow row : rows) {
            String file = row.reference();
            if (file.length() > fileWidth) {
                file = "..." + file.substring(file.length() - fileWidth + 3);
            }
            StringBuilder line =
                    new StringBuilder(String.format(Locale.ROOT, "%-" + fileWidth + "s", file));
            ScoreResult r = row.result();
            if (r == null) {
                out.println(
                        line.append("  failed: ")
                                .append(row.failure())
                                .append(": ")
                                .append(row.message()));
                continue;
            }
            line.append(String.format(Locale.ROOT, "  %6.1f", r.score()));
            branches.forEach(
                    b ->
                            line.append(
                                    String.format(
                                            Locale.ROOT, "  %15s", num1(r.branchScores().get(b)))));
            out.println(line.append("  ").append(r.width()).append('x').append(r.height()));
        }
    }

    private void json(List<ScoreRow> rows, PrintWriter out) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = mapper.createArrayNode();
        for (ScoreRow row : rows) {
            ObjectNode o = array.addObject().put("file", row.reference());
            ScoreResult r = row.result();
            if (r == null) {
                o.put("error", row.failure()).put("message", row.message());
                continue;
            }
            o.put("score", r.score());
            ObjectNode b = o.putObject("branch_scores");
            r.branchScores().forEach(b::put);
            ObjectNode a = o.putObject("attributes");
            r.attributes().forEach(a::put);
            o.put("width", r.width()).put("height", r.height());
            o.put("decode_ms", r.decodeMs()).put("inference_ms", r.inferenceMs());
        }
        out.println(array.toPrettyString());
    }

    private static String num(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String num1(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String csvCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"").replace('\n', ' ').replace('\r', ' ') + '"';
        }
        return s;
    }
}
