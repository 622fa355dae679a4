package io.qualitymonitor.tools.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportOutputTest {

    private static CorrelationSummary summary(int n, double srcc) {
        Interval i = new Interval(srcc, srcc - 0.05, srcc + 0.03);
        return new CorrelationSummary(n, i, i, i, new LogisticFit(5, 1, 0, 1));
    }

    @Test
    void shouldFormatOneRowPerModelAndGroup() {
        // Given two models, the first with two groups
        List<ModelEvaluation> evaluations =
                List.of(
                        new ModelEvaluation(
                                "student",
                                false,
                                summary(40, 0.9123),
                                Map.of("blur", summary(20, 0.95))),
                        new ModelEvaluation("niqe", true, summary(40, 0.61), Map.of()));

        // When
        String table = ResultTable.markdown(evaluations, 0.95);

        // Then
        assertThat(table.lines().filter(l -> l.startsWith("|"))).hasSize(5);
        assertThat(table).contains("| model ").contains("0.912 [0.862, 0.942]");
        assertThat(table).contains("| student ").contains("| blur ").contains("niqe (negated)");
        assertThat(table).contains("95% bootstrap interval");
        assertThat(new Interval(Double.NaN, Double.NaN, Double.NaN).format(3)).isEqualTo("n/a");
    }

    @Test
    void shouldWriteScatterPlotPng(@TempDir Path dir) throws Exception {
        // Given two series
        List<ScatterPlot.Series> series =
                List.of(
                        new ScatterPlot.Series(
                                "a", new double[] {1, 2, 3}, new double[] {1, 2, 2.5}),
                        new ScatterPlot.Series(
                                "b", new double[] {1, 2, 3}, new double[] {3, 2, 1}));
        Path png = dir.resolve("plots/scatter.png");

        // When
        ScatterPlot.write(png, "scores vs MOS", "score", "MOS", series);

        // Then a readable 900x700 image
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(700);
    }

    @Test
    void shouldSummariseEachLabelByTheMeanAndSpreadOfItsScores(@TempDir Path dir) throws Exception {
        // Given scores at two distortion levels
        ScatterPlot.Series s =
                new ScatterPlot.Series(
                        "m", new double[] {4, 6, 1, 1, 1}, new double[] {2, 2, 1, 1, 1});

        // When summarised, and plotted with a second series
        double[][] stats = ScatterPlot.byLabel(s);
        Path png = dir.resolve("levels.png");
        ScatterPlot.writeByLabel(
                png,
                "levels",
                "label",
                "score",
                List.of(s, new ScatterPlot.Series("n", s.x(), s.y())));

        // Then levels ascend with the mean and standard deviation of their scores
        assertThat(stats[0]).containsExactly(1, 2);
        assertThat(stats[1]).containsExactly(1, 5);
        assertThat(stats[2]).containsExactly(0, 1);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(900);
        // and distortion levels count as few labels, MOS values do not
        assertThat(ScatterPlot.fewDistinct(new double[] {1, 2, 3, 4, 5, 1, 2}, 10)).isTrue();
        assertThat(
                        ScatterPlot.fewDistinct(
                                java.util.stream.IntStream.range(0, 11).asDoubleStream().toArray(),
                                10))
                .isFalse();
    }

    @Test
    void shouldSplitPointsIntoOneSeriesPerGroup() {
        // Given four points in two groups
        double[] scores = {1, 2, 3, 4};
        double[] labels = {10, 20, 30, 40};
        String[] groups = {"noise", "blur", "noise", "blur"};

        // When
        List<ScatterPlot.Series> series = ScatterPlot.byGroup(scores, labels, groups);

        // Then groups in name order, points kept with their labels
        assertThat(series).extracting(ScatterPlot.Series::name).containsExactly("blur", "noise");
        assertThat(series.get(0).x()).containsExactly(2, 4);
        assertThat(series.get(1).y()).containsExactly(10, 30);
    }

    @Test
    void shouldMapLowerIsBetterScoresOntoLabelScaleForPlotting() {
        // Given an evaluation whose fit is the identity-like logistic b1=5,b2=1,b3=0,b4=1
        ModelEvaluation e = new ModelEvaluation("niqe", true, summary(3, 0.5), Map.of());

        // When
        ScatterPlot.Series s =
                ScatterPlot.mapped(e, new double[] {-10, 0, 10}, new double[] {1, 2, 3});

        // Then scores are negated, then mapped: high NIQE -> low predicted label
        assertThat(s.x()[0]).isGreaterThan(s.x()[1]);
        assertThat(s.x()[1]).isGreaterThan(s.x()[2]);
        assertThat(s.x()[1]).isEqualTo(3.0);
    }
}
