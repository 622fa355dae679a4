package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.tools.fit.BlurredScenes;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvaluateCommandTest {
    private static final String BUNDLE =
            Path.of("src/test/resources/bundles/tiny-lowlevel").toAbsolutePath().toString();

    @TempDir static Path tmp;
    private static Path labels;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void writeImages() throws Exception {
        labels = BlurredScenes.write(tmp.resolve("images"), new long[] {11, 12, 13}, 5);
    }

    private int evaluate(String... args) {
        CommandLine cmd = new CommandLine(new EvaluateCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        QualityMonitorCommand.withErrorHandling(cmd);
        return cmd.execute(args);
    }

    @Test
    void shouldCompareABaselineAndABundleInOneTableAndPlot() throws Exception {
        // Given 15 images at 5 blur levels (higher level is worse)
        Path png = tmp.resolve("plots/scatter.png");
        Path md = tmp.resolve("table.md");
        // When BRISQUE and the test bundle are evaluated together
        int code =
                evaluate(
                        "--images",
                        labels.getParent().toString(),
                        "--labels",
                        labels.toString(),
                        "--lower-better",
                        "--model",
                        "brisque",
                        "--model",
                        BUNDLE,
                        "--bootstrap",
                        "50",
                        "--set",
                        "model.threads=2",
                        "--plot",
                        png.toString(),
                        "--out",
                        md.toString());
        // Then the table has an overall and a group row per model, and the plot is a readable PNG
        // (no bound on BRISQUE here: pooled over these synthetic scenes it ranks near chance)
        assertThat(code).as(err.toString()).isZero();
        String table = out.toString();
        assertThat(table).containsPattern("\\| tiny-lowlevel +\\| blur +\\| 15 ");
        assertThat(table)
                .containsPattern(
                        "\\| brisque \\(negated\\) +\\| all +\\| 15 +\\| -?[01]\\.\\d{3} \\[");
        assertThat(table).contains("against -label");
        assertThat(Files.readString(md)).isEqualTo(table);
        BufferedImage plot = ImageIO.read(png.toFile());
        assertThat(plot).isNotNull();
        assertThat(plot.getWidth()).isGreaterThan(100);
        assertThat(err.toString()).contains("random weights");
    }

    @Test
    void shouldEvaluateEachBranchAloneBesideTheCombinedScoreWithBranches() {
        // Given the test bundle with both branches
        String both = Path.of("src/test/resources/bundles/tiny-both").toAbsolutePath().toString();
        // When it is evaluated with --branches
        int code =
                evaluate(
                        "--images",
                        labels.getParent().toString(),
                        "--labels",
                        labels.toString(),
                        "--lower-better",
                        "--model",
                        both,
                        "--branches",
                        "--bootstrap",
                        "20");
        // Then the table has the combined score and one row set per branch score
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .containsPattern("\\| tiny-both +\\| all +\\| 15 ")
                .containsPattern("\\| tiny-both \\[lowlevel\\] +\\| all +\\| 15 ")
                .containsPattern("\\| tiny-both \\[vision_language\\] +\\| all +\\| 15 ")
                .containsPattern("\\| tiny-both \\[zero_shot\\] +\\| all +\\| 15 ");
    }

    @Test
    void shouldNameAMissingImageInOneLine() throws Exception {
        // Given labels naming an image that is not in the folder
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "image,label\ns11/b0.png,1\ns11/gone.png,2\n");
        // When evaluated
        int code =
                evaluate(
                        "--images", labels.getParent().toString(),
                        "--labels", csv.toString(),
                        "--model", "niqe");
        // Then one line names it and the exit code says the input is at fault
        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString().strip())
                .startsWith("error: image 's11/gone.png' named in the labels")
                .doesNotContain("\n");
    }

    @Test
    void shouldRejectAnUnknownModel() {
        // When a model is neither a baseline nor a bundle
        int code =
                evaluate(
                        "--images", labels.getParent().toString(),
                        "--labels", labels.toString(),
                        "--model", tmp.resolve("no-such-bundle").toString());
        // Then the error names it
        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString()).contains("model bundle not found");
    }

    @Test
    void shouldWriteEachImagesScoreByEachModelWithScores() throws Exception {
        // Given the 15 labelled images
        Path csv = tmp.resolve("scores.csv");
        // When NIQE and the test bundle are evaluated with --scores
        int code =
                evaluate(
                        "--images",
                        labels.getParent().toString(),
                        "--labels",
                        labels.toString(),
                        "--lower-better",
                        "--model",
                        "niqe",
                        "--model",
                        BUNDLE,
                        "--bootstrap",
                        "0",
                        "--scores",
                        csv.toString());
        // Then the file has one row per labelled image, in the labels' order, with a finite score
        // per model
        assertThat(code).as(err.toString()).isZero();
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("image,label,group,niqe,tiny-lowlevel");
        List<String> labelled = Files.readAllLines(labels);
        assertThat(rows).hasSize(labelled.size());
        for (int i = 1; i < rows.size(); i++) {
            String[] cells = rows.get(i).split(",");
            assertThat(cells[0]).isEqualTo(labelled.get(i).split(",")[0]);
            assertThat(Double.parseDouble(cells[3])).isFinite();
            assertThat(Double.parseDouble(cells[4])).isBetween(0.0, 100.0);
        }
    }
}
