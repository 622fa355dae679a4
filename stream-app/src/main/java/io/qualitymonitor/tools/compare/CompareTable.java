package io.qualitymonitor.tools.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qualitymonitor.tools.evaluate.ResultTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Returns a comparison as a terminal table and as JSON (NaN, where a statistic is undefined, as
 * null).
 */
public final class CompareTable {
    private static final String[] HEADER = {
        "segment",
        "both",
        "only A",
        "only B",
        "SRCC",
        "mean d",
        "sd d",
        "p5 d",
        "median d",
        "p95 d",
        "max abs d",
        "alerts +",
        "alerts -"
    };
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CompareTable() {}

    /**
     * Returns the sides, then one row per segment, then the example uploads of the flips in {@code
     * all}: {@code d} is B minus A; {@code alerts +} counts uploads B would alert on and A did not,
     * {@code alerts -} the reverse.
     */
    public static String text(Comparison c) {
        StringBuilder out = new StringBuilder();
        out.append(side("A", c.a())).append(side("B", c.b()));
        out.append("d = score B - score A\n\n");
        List<String[]> rows = new ArrayList<>();
        for (SegmentComparison s : c.segments()) {
            DeltaStats d = s.deltas();
            rows.add(
                    new String[] {
                        s.segment(),
                        Integer.toString(s.both()),
                        Integer.toString(s.onlyA()),
                        Integer.toString(s.onlyB()),
                        num(s.srcc(), "%.3f"),
                        num(d.mean(), "%+.2f"),
                        num(d.sd(), "%.2f"),
                        num(d.p5(), "%+.2f"),
                        num(d.median(), "%+.2f"),
                        num(d.p95(), "%+.2f"),
                        num(d.maxAbs(), "%.2f"),
                        Long.toString(s.flips().raised()),
                        Long.toString(s.flips().cleared())
                    });
        }
        out.append(ResultTable.markdown(HEADER, rows));
        if (!c.segments().isEmpty()) {
            AlertFlips f = c.segments().get(0).flips();
            out.append(examples("\nalerts B raises", f.raised(), f.raisedExamples()));
            out.append(examples("alerts B clears", f.cleared(), f.clearedExamples()));
        }
        return out.toString();
    }

    /** Writes the comparison to {@code file} as JSON, creating its folder. */
    public static void writeJson(Comparison c, Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.set("a", side(c.a()));
        root.set("b", side(c.b()));
        root.put("delta", "score b - score a");
        ArrayNode segments = root.putArray("segments");
        for (SegmentComparison s : c.segments()) {
            ObjectNode n = segments.addObject();
            n.put("segment", s.segment());
            n.put("both", s.both());
            n.put("onlyA", s.onlyA());
            n.put("onlyB", s.onlyB());
            put(n, "srcc", s.srcc());
            ObjectNode d = n.putObject("delta");
            DeltaStats ds = s.deltas();
            put(d, "mean", ds.mean());
            put(d, "sd", ds.sd());
            put(d, "p5", ds.p5());
            put(d, "p25", ds.p25());
            put(d, "median", ds.median());
            put(d, "p75", ds.p75());
            put(d, "p95", ds.p95());
            put(d, "meanAbs", ds.meanAbs());
            put(d, "maxAbs", ds.maxAbs());
            ObjectNode f = n.putObject("alertFlips");
            f.put("raised", s.flips().raised());
            f.put("cleared", s.flips().cleared());
            f.set("raisedExamples", JSON.valueToTree(s.flips().raisedExamples()));
            f.set("clearedExamples", JSON.valueToTree(s.flips().clearedExamples()));
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            JSON.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Returns {@code v} formatted, or {@code n/a} when it is undefined (NaN). */
    static String num(double v, String format) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, format, v);
    }

    private static String side(String name, SideScores s) {
        return String.format(
                Locale.ROOT,
                "%s = %s: %d uploads, model %s%n",
                name,
                s.side().label(),
                s.byUpload().size(),
                String.join(", ", s.models()));
    }

    private static ObjectNode side(SideScores s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("side", s.side().label());
        n.put("runId", s.side().runId());
        n.put("uploads", s.byUpload().size());
        n.set("models", JSON.valueToTree(s.models()));
        return n;
    }

    private static String examples(String what, long count, List<String> ids) {
        if (count == 0) {
            return what + ": none\n";
        }
        return what
                + " ("
                + count
                + "): "
                + String.join(", ", ids)
                + (count > ids.size() ? ", ..." : "")
                + "\n";
    }

    private static void put(ObjectNode n, String field, double v) {
        if (Double.isNaN(v)) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }
}
