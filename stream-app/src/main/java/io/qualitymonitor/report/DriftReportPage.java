package io.qualitymonitor.report;

import io.qualitymonitor.drift.DriftSummary;
import io.qualitymonitor.schemas.DriftAlert;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Returns the drift report's {@code index.html}: alerts table and per-segment plots. */
final class DriftReportPage {
    private DriftReportPage() {}

    /** One segment's part of the page. */
    record Section(
            String segment,
            String file,
            String referenceId,
            DriftSummary range,
            DriftSummary ref) {}

    /** Returns a file-name-safe form of a segment key. */
    static String fileName(String segment) {
        return segment.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    static String html(Instant from, Instant to, List<Section> sections, List<DriftAlert> alerts) {
        StringBuilder b = new StringBuilder();
        b.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Drift report</title>")
                .append("<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 8px;")
                .append("border-bottom:1px solid #ddd;text-align:left}</style></head><body>")
                .append("<h1>Drift report</h1><p>Event time ")
                .append(from)
                .append(" to ")
                .append(to)
                .append("</p><h2>Alerts (")
                .append(alerts.size())
                .append(")</h2><table><tr><th>window</th><th>segment</th><th>status</th>")
                .append("<th>severity</th><th>metric</th><th>statistic</th><th>threshold</th>")
                .append("<th>n</th><th>baseline</th></tr>");
        for (DriftAlert a : alerts) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                                    + "<td>%.3f</td><td>%.3f</td><td>%d</td><td>%s</td></tr>",
                            a.getWindowStart(),
                            escape(a.getSegment()),
                            a.getStatus(),
                            a.getSeverity(),
                            a.getMetric(),
                            a.getStatistic(),
                            a.getThreshold(),
                            a.getSampleSize(),
                            escape(a.getBaselineId())));
        }
        b.append("</table>");
        for (Section s : sections) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "<h2>%s</h2><p>%d scores, mean %.1f; reference %s: %d scores, mean"
                                    + " %.1f</p><img src=\"%s-scores.png\"> <img"
                                    + " src=\"%s-stats.png\">",
                            escape(s.segment()),
                            s.range().count(),
                            s.range().mean(),
                            escape(s.referenceId()),
                            s.ref().count(),
                            s.ref().mean(),
                            s.file(),
                            s.file()));
        }
        return b.append("</body></html>\n").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
