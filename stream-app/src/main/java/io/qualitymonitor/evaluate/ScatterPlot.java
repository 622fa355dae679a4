package io.qualitymonitor.evaluate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a scatter plot PNG of scores against labels, one series per model or per group (XChart).
 */
public final class ScatterPlot {

    /**
     * One set of points.
     *
     * @param name the legend entry
     * @param x the horizontal values (scores, or logistic-mapped scores)
     * @param y the vertical values (labels)
     */
    public record Series(String name, double[] x, double[] y) {}

    private static final int WIDTH = 900;
    private static final int HEIGHT = 700;

    private ScatterPlot() {}

    /**
     * Writes the plot to {@code png}, creating its folder.
     *
     * @param png the output file
     * @param title the chart title
     * @param xLabel the horizontal axis title
     * @param yLabel the vertical axis title
     * @param series the point sets
     */
    public static void write(
            Path png, String title, String xLabel, String yLabel, List<Series> series) {
        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .xAxisTitle(xLabel)
                        .yAxisTitle(yLabel)
                        .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        for (Series s : series) {
            if (s.x().length == 0) {
                continue;
            }
            chart.addSeries(s.name(), s.x(), s.y()).setMarker(SeriesMarkers.CIRCLE);
        }
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + png + ": " + e.getMessage(), e);
        }
    }

    /** Returns one series per group (in name order) of raw scores against labels. */
    public static List<Series> byGroup(double[] scores, double[] labels, String[] groups) {
        java.util.Map<String, List<Integer>> index = new java.util.TreeMap<>();
        for (int i = 0; i < groups.length; i++) {
            index.computeIfAbsent(groups[i], k -> new java.util.ArrayList<>()).add(i);
        }
        List<Series> out = new java.util.ArrayList<>();
        for (java.util.Map.Entry<String, List<Integer>> e : index.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(i -> scores[i]).toArray();
            double[] y = e.getValue().stream().mapToDouble(i -> labels[i]).toArray();
            out.add(new Series(e.getKey(), x, y));
        }
        return out;
    }

    /**
     * Returns one series per model with its scores mapped onto the label scale by its fitted
     * logistic, so that models with different score ranges share one plot.
     */
    public static Series mapped(ModelEvaluation evaluation, double[] scores, double[] labels) {
        LogisticFit fit = evaluation.overall().fit();
        double[] x = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            double s = evaluation.lowerIsBetter() ? -scores[i] : scores[i];
            x[i] = fit == null ? s : fit.apply(s);
        }
        return new Series(evaluation.model(), x, labels.clone());
    }
}
