package io.qualitymonitor.report;

import io.qualitymonitor.drift.Baseline;
import io.qualitymonitor.drift.DriftSummary;
import io.qualitymonitor.drift.Metric;
import io.qualitymonitor.drift.MetricResult;
import io.qualitymonitor.drift.ScoreHistogram;
import io.qualitymonitor.schemas.DriftAlert;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws the drift report's PNG plots with XChart. */
final class DriftPlots {
    private static final List<Metric> OVER_TIME =
            List.of(Metric.PSI, Metric.KS, Metric.WASSERSTEIN, Metric.MMD);

    private DriftPlots() {}

    /** Plots the score distribution of the range against the reference's, as proportions. */
    static void histogram(DriftSummary range, Baseline reference, Path png) throws IOException {
        XYChart chart =
                new XYChartBuilder()
                        .width(720)
                        .height(400)
                        .title("Scores vs " + reference.id())
                        .xAxisTitle("score")
                        .yAxisTitle("proportion")
                        .build();
        addHistogram(chart, "range (n=" + range.count() + ")", range.histogram());
        addHistogram(
                chart,
                reference.id() + " (n=" + reference.summary().count() + ")",
                reference.summary().histogram());
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void addHistogram(XYChart chart, String name, ScoreHistogram h) {
        long[] counts = h.counts();
        double total = Math.max(1, h.total());
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            x.add(h.min() + (i + 0.5) * h.binWidth());
            y.add(counts[i] / total);
        }
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
    }

    /** Plots each metric's statistic per window, its warning threshold, and the alerts. */
    static void overTime(
            List<DriftReport.WindowStats> stats, List<DriftAlert> alerts, String segment, Path png)
            throws IOException {
        XYChart chart =
                new XYChartBuilder()
                        .width(720)
                        .height(400)
                        .title("Drift statistics over time: " + segment)
                        .xAxisTitle("window start")
                        .yAxisTitle("statistic")
                        .build();
        chart.getStyler().setDatePattern("MM-dd HH:mm");
        for (Metric m : OVER_TIME) {
            List<Date> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            double warning = Double.NaN;
            for (DriftReport.WindowStats w : stats) {
                for (MetricResult r : w.results()) {
                    if (r.metric() == m && Double.isFinite(r.statistic())) {
                        x.add(new Date(w.startMs()));
                        y.add(r.statistic());
                        warning = r.warning();
                    }
                }
            }
            if (!x.isEmpty()) {
                XYSeries s = chart.addSeries(m.name(), x, y);
                s.setMarker(SeriesMarkers.CIRCLE);
                List<Double> line = x.stream().map(d -> 0.0).toList();
                final double w = warning;
                chart.addSeries(m.name() + " warning", x, line.stream().map(v -> w).toList())
                        .setMarker(SeriesMarkers.NONE)
                        .setLineStyle(SeriesLines.DASH_DASH);
            }
        }
        List<Date> ax = new ArrayList<>();
        List<Double> ay = new ArrayList<>();
        for (DriftAlert a : alerts) {
            if (a.getSegment().equals(segment)) {
                ax.add(Date.from(a.getWindowStart()));
                ay.add(a.getStatistic());
            }
        }
        if (!ax.isEmpty()) {
            chart.addSeries("alerts", ax, ay)
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
                    .setMarker(SeriesMarkers.DIAMOND)
                    .setMarkerColor(Color.RED);
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no window with enough scores", List.of(0.0), List.of(0.0));
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
