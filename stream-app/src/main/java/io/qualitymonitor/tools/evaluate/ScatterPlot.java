package io.qualitymonitor.tools.evaluate;

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
 * Writes a PNG of scores against labels, one series per model or per group (XChart): a scatter plot
 * for continuous labels (MOS), or, for labels with a few distinct values (distortion levels, where
 * thousands of points would hide each other on a handful of lines), each series' mean score per
 * label with a one-standard-deviation bar.
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
        XYChart chart = chart(title, xLabel, yLabel, XYSeries.XYSeriesRenderStyle.Scatter, 5);
        for (Series s : series) {
            if (s.x().length == 0) {
                continue;
            }
            chart.addSeries(s.name(), s.x(), s.y()).setMarker(SeriesMarkers.CIRCLE);
        }
        save(chart, png);
    }

    /**
     * Writes each series' mean {@code x} per distinct {@code y} (label) with a +/- one standard
     * deviation bar, labels on the horizontal axis; series are shifted sideways a little so that
     * their bars do not cover each other. A model that ranks well draws a steady slope with short
     * bars; overlapping bars between neighbouring labels show where it confuses them.
     *
     * @param png the output file
     * @param title the chart title
     * @param labelAxis the horizontal axis title (the labels)
     * @param scoreAxis the vertical axis title (the scores)
     * @param series the point sets (x = score, y = label, as for the scatter plot)
     */
    public static void writeByLabel(
            Path png, String title, String labelAxis, String scoreAxis, List<Series> series) {
        XYChart chart = chart(title, labelAxis, scoreAxis, XYSeries.XYSeriesRenderStyle.Line, 7);
        double spread = 0.3 / Math.max(1, series.size());
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            if (s.x().length == 0) {
                continue;
            }
            double[][] stats = byLabel(s);
            double shift = (k - (series.size() - 1) / 2.0) * spread;
            double[] at = java.util.Arrays.stream(stats[0]).map(v -> v + shift).toArray();
            chart.addSeries(s.name(), at, stats[1], stats[2]).setMarker(SeriesMarkers.CIRCLE);
        }
        save(chart, png);
    }

    /**
     * Writes each series as a line through its points in order, without markers: a distribution
     * drawn as the proportion in each bin at the bin's centre, as the drift report draws its
     * histograms.
     *
     * @param png the output file
     * @param title the chart title
     * @param xLabel the horizontal axis title
     * @param yLabel the vertical axis title
     * @param series the lines
     */
    public static void writeLines(
            Path png, String title, String xLabel, String yLabel, List<Series> series) {
        XYChart chart = chart(title, xLabel, yLabel, XYSeries.XYSeriesRenderStyle.Line, 5);
        // without a pattern, ticks on bin centres print every digit of the double
        chart.getStyler().setXAxisDecimalPattern("#0.##");
        for (Series s : series) {
            if (s.x().length > 0) {
                chart.addSeries(s.name(), s.x(), s.y()).setMarker(SeriesMarkers.NONE);
            }
        }
        save(chart, png);
    }

    /**
     * Returns {@code {labels, means, sds}}: the distinct labels ({@code y}) in ascending order, and
     * the mean and population standard deviation of the scores ({@code x}) at each.
     */
    static double[][] byLabel(Series s) {
        java.util.SortedMap<Double, double[]> sums = new java.util.TreeMap<>();
        for (int i = 0; i < s.x().length; i++) {
            double[] acc = sums.computeIfAbsent(s.y()[i], v -> new double[3]);
            acc[0]++;
            acc[1] += s.x()[i];
            acc[2] += s.x()[i] * s.x()[i];
        }
        double[][] out = new double[3][sums.size()];
        int j = 0;
        for (java.util.Map.Entry<Double, double[]> e : sums.entrySet()) {
            double[] acc = e.getValue();
            out[0][j] = e.getKey();
            out[1][j] = acc[1] / acc[0];
            out[2][j] = Math.sqrt(Math.max(0, acc[2] / acc[0] - out[1][j] * out[1][j]));
            j++;
        }
        return out;
    }

    private static XYChart chart(
            String title,
            String xLabel,
            String yLabel,
            XYSeries.XYSeriesRenderStyle style,
            int markerSize) {
        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .xAxisTitle(xLabel)
                        .yAxisTitle(yLabel)
                        .build();
        chart.getStyler().setDefaultSeriesRenderStyle(style);
        chart.getStyler().setMarkerSize(markerSize);
        return chart;
    }

    private static void save(XYChart chart, Path png) {
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

    /** Returns true when {@code labels} take at most {@code max} distinct values. */
    public static boolean fewDistinct(double[] labels, int max) {
        return java.util.Arrays.stream(labels).distinct().limit(max + 1L).count() <= max;
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
