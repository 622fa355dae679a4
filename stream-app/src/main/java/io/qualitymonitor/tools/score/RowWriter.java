package io.qualitymonitor.tools.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qualitymonitor.model.PromptPair;
import io.qualitymonitor.model.ScoreField;
import io.qualitymonitor.model.ScoreResult;
import io.qualitymonitor.scoring.ScoreRow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.text.WordUtils;

/**
 * Writes scored rows as a table, CSV or JSON. Columns: file, score, one per {@link ScoreField} the
 * model fills, one per attribute (CSV and JSON), image width and height, decode and inference
 * milliseconds, and the failure. Columns the {@code QualityScore} record also has carry its field
 * names ({@code score}, {@code lowLevelScore}, ..., {@code imageWidth}, {@code decodeMs}), so a row
 * reads like the record the stream writes for the same image. With {@link #explaining} the table
 * gets a line per image naming its weak attributes, and the JSON an {@code explanation} field.
 */
public final class RowWriter {
    private final List<ScoreField> fields;
    private final List<String> attributes;
    private final Map<String, String> weakLabels;

    /** Returns a writer for a model that fills these score fields and attributes. */
    public RowWriter(List<ScoreField> fields, List<String> attributes) {
        this(fields, attributes, Map.of());
    }

    private RowWriter(
            List<ScoreField> fields, List<String> attributes, Map<String, String> weakLabels) {
        this.fields = List.copyOf(fields);
        this.attributes = List.copyOf(attributes);
        this.weakLabels = weakLabels;
    }

    /**
     * Returns a writer that also explains each score from its attribute scores; {@code prompts} are
     * the scorer's attribute prompt pairs, whose negative prompts name a weak attribute.
     */
    public RowWriter explaining(Map<String, PromptPair> prompts) {
        Map<String, String> labels = new LinkedHashMap<>();
        prompts.forEach((name, pair) -> labels.put(name, pair.negativeLabel()));
        return new RowWriter(fields, attributes, labels);
    }

    /**
     * Returns lines that say what each column is, for {@code score --help}: the score fields by
     * {@link ScoreField#description()}, then the rest.
     */
    public static List<String> columnsHelp() {
        List<String> out = new ArrayList<>();
        out.add("Columns (each score field is filled when the model has it; the record the stream");
        out.add("writes, QualityScore, has the same fields under the same names):");
        out.add("  score: overall quality 0-100, the bundle's output head (so it equals one of");
        out.add("    the head scores below; in the shipped bundle lowLevelScore).");
        for (ScoreField f : ScoreField.values()) {
            String text = f.fieldName() + ": " + f.description();
            // picocli wraps a long footer line without indent; wrap with one instead.
            for (String line : WordUtils.wrap(text, 74, "\n  ", false).split("\n")) {
                out.add("  " + line);
            }
        }
        out.add("  one column per attribute (CSV; JSON: attributes): zero-shot attribute scores");
        out.add("    0-100 from antonym prompt pairs (sharpness, noise, ...).");
        out.add("  imageWidth, imageHeight: decoded size after EXIF orientation; decodeMs,");
        out.add("    inferenceMs: decode time and this image's share of its batch's model time.");
        out.add("  error, message (CSV, JSON): the reason code and a line on why an input failed.");
        return out;
    }

    /**
     * Returns the explanation of a result: attributes under 50 (weakest first) named by their
     * negative prompt, then the others; e.g. {@code blurry (sharpness 8); noise 85, colour 66}.
     */
    static String explanation(ScoreResult r, Map<String, String> weakLabels) {
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(r.attributes().entrySet());
        sorted.sort(Comparator.comparingDouble(Map.Entry::getValue));
        List<String> weak = new ArrayList<>();
        List<String> fine = new ArrayList<>();
        for (var e : sorted) {
            String value = String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue());
            if (e.getValue() < 50) {
                weak.add(weakLabels.getOrDefault(e.getKey(), "weak") + " (" + value + ")");
            } else {
                fine.add(value);
            }
        }
        String head = weak.isEmpty() ? "no attribute below 50" : String.join(", ", weak);
        return fine.isEmpty() ? head : head + "; " + String.join(", ", fine);
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
        fields.forEach(f -> header.add(f.fieldName()));
        header.addAll(attributes);
        header.addAll(
                List.of(
                        "imageWidth",
                        "imageHeight",
                        "decodeMs",
                        "inferenceMs",
                        "error",
                        "message"));
        out.println(String.join(",", header));
        for (ScoreRow row : rows) {
            List<String> cells = new ArrayList<>(List.of(csvCell(row.reference())));
            ScoreResult r = row.result();
            cells.add(r == null ? "" : num(r.score()));
            fields.forEach(f -> cells.add(r == null ? "" : num(r.get(f))));
            attributes.forEach(a -> cells.add(r == null ? "" : num(r.attributes().get(a))));
            cells.add(r == null ? "" : Integer.toString(r.width()));
            cells.add(r == null ? "" : Integer.toString(r.height()));
            cells.add(r == null ? "" : num(r.decodeMs()));
            cells.add(r == null ? "" : num(r.inferenceMs()));
            cells.add(row.failure() == null ? "" : row.failure().name());
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
        fields.forEach(f -> head.append(String.format(Locale.ROOT, "  %s", f.fieldName())));
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
            fields.forEach(
                    f ->
                            line.append(
                                    String.format(
                                            Locale.ROOT,
                                            "  %" + f.fieldName().length() + "s",
                                            num1(r.get(f)))));
            out.println(line.append("  ").append(r.width()).append('x').append(r.height()));
            if (!weakLabels.isEmpty()) {
                out.println("    why: " + explanation(r, weakLabels));
            }
        }
    }

    private void json(List<ScoreRow> rows, PrintWriter out) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = mapper.createArrayNode();
        for (ScoreRow row : rows) {
            ObjectNode o = array.addObject().put("file", row.reference());
            ScoreResult r = row.result();
            if (r == null) {
                o.put("error", row.failure().name()).put("message", row.message());
                continue;
            }
            o.put("score", r.score());
            fields.forEach(f -> o.put(f.fieldName(), r.get(f)));
            ObjectNode a = o.putObject("attributes");
            r.attributes().forEach(a::put);
            if (!weakLabels.isEmpty()) {
                o.put("explanation", explanation(r, weakLabels));
            }
            o.put("imageWidth", r.width()).put("imageHeight", r.height());
            o.put("decodeMs", r.decodeMs()).put("inferenceMs", r.inferenceMs());
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
