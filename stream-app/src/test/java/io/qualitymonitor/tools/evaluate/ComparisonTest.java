package io.qualitymonitor.tools.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {

    @Test
    void shouldKeepTwoModelsOfTheSameNameApartInTheTableAndThePlot(@TempDir Path dir)
            throws Exception {
        // Given 30 images at distortion levels 1-5, and two bundles that share a name
        List<String> images = new ArrayList<>();
        double[] level = new double[30];
        double[] good = new double[30];
        double[] noisy = new double[30];
        for (int i = 0; i < 30; i++) {
            images.add("i" + i + ".png");
            level[i] = 1 + i % 5;
            good[i] = 100 - 20 * level[i] + i % 3;
            noisy[i] = (i * 37) % 100;
        }
        Labels labels = new Labels(images, level, null, null);
        Comparison c = new Comparison(labels, true, new EvaluationSettings(50, 1L, 0.95));

        // When both are added and the plot is written
        c.add(new Comparison.Scores("qm-default", false, good));
        c.add(new Comparison.Scores("qm-default", false, noisy));
        Path png = dir.resolve("levels.png");
        c.writePlot(png, "levels");

        // Then the second is numbered, the table has both rows, and the plot is written
        assertThat(c.evaluations())
                .extracting(ModelEvaluation::model)
                .containsExactly("qm-default", "qm-default #2");
        assertThat(c.markdown()).contains("qm-default #2");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(c.evaluations().get(0).overall().srcc().estimate()).isGreaterThan(0.9);
    }

    @Test
    void shouldWriteEachImagesRawScoreByEachModelInLabelOrder() {
        // Given three labelled images in two groups, a higher-better and a lower-better model
        Labels labels =
                new Labels(
                        List.of("a.png", "b.png", "c.png"),
                        new double[] {0, 1, 2},
                        new String[] {"pristine", "blur", "blur"},
                        null);
        Comparison c = new Comparison(labels, true, new EvaluationSettings(0, 1L, 0.95));
        c.add(new Comparison.Scores("qm-x", false, new double[] {90, 70.5, 40}));
        c.add(new Comparison.Scores("niqe", true, new double[] {3, 5, 8.25}));

        // When the per-image scores are written
        String csv = c.scoresCsv();

        // Then one row per image keeps its label and group and each model's score as scored
        assertThat(csv.split("\n"))
                .containsExactly(
                        "image,label,group,qm-x,niqe",
                        "a.png,0.0,pristine,90.0,3.0",
                        "b.png,1.0,blur,70.5,5.0",
                        "c.png,2.0,blur,40.0,8.25");
    }
}
