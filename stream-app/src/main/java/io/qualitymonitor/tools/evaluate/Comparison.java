package io.qualitymonitor.tools.evaluate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares several models' scores on the same labelled images: one {@link ModelEvaluation} per
 * model, a Markdown table and a scatter plot. Labels where lower is better (DMOS, distortion level)
 * are negated before correlating, so that a good model has positive coefficients.
 */
public final class Comparison {

    /**
     * One model's scores.
     *
     * @param model the name shown in the table
     * @param lowerIsBetter whether a lower score means better quality
     * @param values one score per labelled image, in label order
     */
    public record Scores(String model, boolean lowerIsBetter, double[] values) {}

    private final Labels labels;
    private final boolean labelsLowerBetter;
    private final EvaluationSettings settings;
    private final List<Scores> scores = new ArrayList<>();
    private final List<ModelEvaluation> evaluations = new ArrayList<>();

    /**
     * Creates a comparison against {@code labels}.
     *
     * @param labelsLowerBetter whether a lower label means better quality
     */
    public Comparison(Labels labels, boolean labelsLowerBetter, EvaluationSettings settings) {
        this.labels = labels;
        this.labelsLowerBetter = labelsLowerBetter;
        this.settings = settings;
    }

    /** Evaluates one model's scores and keeps them for the table and plot; returns the result. */
    public ModelEvaluation add(Scores scored) {
        if (scored.values().length != labels.size()) {
            throw new IllegalArgumentException("one score per labelled image is needed");
        }
        // two bundles may share a name (a refit keeps it): number the later ones, so that the
        // table's rows and the plot's series stay apart
        String name = scored.model();
        for (int n = 2; isTaken(name); n++) {
            name = scored.model() + " #" + n;
        }
        Scores s = new Scores(name, scored.lowerIsBetter(), scored.values());
        ModelEvaluation e =
                new Evaluator(settings)
                        .evaluate(
                                s.model(),
                                s.lowerIsBetter(),
                                s.values(),
                                orientedLabels(),
                                labels.groups());
        scores.add(s);
        evaluations.add(e);
        return e;
    }

    private boolean isTaken(String name) {
        return scores.stream().anyMatch(x -> x.model().equals(name));
    }

    /** Returns the evaluations so far, in the order added. */
    public List<ModelEvaluation> evaluations() {
        return List.copyOf(evaluations);
    }

    /** Returns the Markdown table of every model, overall and per group. */
    public String markdown() {
        String table = ResultTable.markdown(evaluations, settings.confidence());
        return labelsLowerBetter
                ? table + "Labels are lower-is-better: correlations are against -label.\n"
                : table;
    }

    /**
     * Returns every image's scores as CSV: {@code image,label[,group]} as in the labels file, then
     * one column per model (named as in the table) with its raw score, not negated.
     */
    public String scoresCsv() {
        StringBuilder csv = new StringBuilder("image,label");
        csv.append(labels.hasGroups() ? ",group" : "");
        scores.forEach(s -> csv.append(',').append(s.model().replace(',', ';')));
        csv.append('\n');
        for (int i = 0; i < labels.size(); i++) {
            csv.append(labels.images().get(i)).append(',').append(labels.values()[i]);
            if (labels.hasGroups()) {
                csv.append(',').append(labels.groups()[i]);
            }
            for (Scores s : scores) {
                csv.append(',').append(s.values()[i]);
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    /** Labels with at most this many distinct values are plotted as means per label. */
    static final int FEW_LABELS = 10;

    /**
     * Writes the plot: with one model and grouped labels, its raw scores per group; else each
     * model's scores mapped onto the label scale by its fitted logistic, one series per model.
     * Continuous labels give a scatter plot; labels with few distinct values (e.g. distortion
     * levels) give each series' mean score per label with a one-standard-deviation bar.
     */
    public void writePlot(Path png, String title) {
        double[] y = labels.values();
        List<ScatterPlot.Series> series = new ArrayList<>();
        String scoreAxis;
        if (scores.size() == 1 && labels.hasGroups()) {
            Scores s = scores.get(0);
            series.addAll(ScatterPlot.byGroup(s.values(), y, labels.groups()));
            scoreAxis = s.model() + " score";
        } else {
            double[] oriented = orientedLabels();
            for (int i = 0; i < scores.size(); i++) {
                ScatterPlot.Series m =
                        ScatterPlot.mapped(evaluations.get(i), scores.get(i).values(), oriented);
                double[] x = m.x();
                if (labelsLowerBetter) {
                    x = negate(x);
                }
                series.add(new ScatterPlot.Series(m.name(), x, y.clone()));
            }
            scoreAxis = "score mapped to the label scale (logistic fit)";
        }
        if (ScatterPlot.fewDistinct(y, FEW_LABELS)) {
            ScatterPlot.writeByLabel(png, title, "label", scoreAxis + ", mean +/- sd", series);
        } else {
            ScatterPlot.write(png, title, scoreAxis, "label", series);
        }
    }

    private double[] orientedLabels() {
        return labelsLowerBetter ? negate(labels.values()) : labels.values();
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }
}
