package io.qualitymonitor.tools.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.SharedData;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Checks the BRISQUE port against OpenCV's own {@code QualityBRISQUE} on the shared pristine photos
 * (and posterized copies, whose flat areas test the float32 emulation) and against the MATLAB
 * reference's verdicts on pyiqa's calibration images. Skipped when the shared folder is absent.
 */
class BrisqueCalibrationTest {

    /** Near 0 a relative bound is meaningless; 0.1 on the 0-100 scale is well below noise. */
    private static final double ABSOLUTE_TOLERANCE = 0.1;

    private static final String POSTERIZE = "#posterize32";

    private static final Brisque BRISQUE = new Brisque(BrisqueModel.loadDefault());

    private record Reference(String image, double score) {}

    private static List<Reference> openCvReference() throws Exception {
        List<Reference> out = new ArrayList<>();
        try (var in =
                        BrisqueCalibrationTest.class.getResourceAsStream(
                                "/baselines/brisque_opencv_reference.csv");
                var reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.startsWith("#") && !line.startsWith("image,")) {
                    String[] c = line.split(",");
                    out.add(new Reference(c[0], Double.parseDouble(c[1])));
                }
            }
        }
        return out;
    }

    @Test
    void shouldMatchOpenCvWithinOnePercentOrOneTenthOnSharedPhotos() throws Exception {
        // Given OpenCV 4.6's scores of the 71 shared pristine photos and 4 posterized ones
        Path data = SharedData.require("pristine").getParent();
        List<Reference> references = openCvReference();
        assertThat(references).hasSize(75);

        for (Reference r : references) {
            // When
            String file = r.image().replace(POSTERIZE, "");
            BufferedImage image = ImageIO.read(data.resolve(file).toFile());
            if (r.image().endsWith(POSTERIZE)) {
                posterize(image);
            }
            double score = BRISQUE.score(image);

            // Then
            double tolerance = Math.max(0.01 * r.score(), ABSOLUTE_TOLERANCE);
            assertThat(Math.abs(score - r.score())).as(r.image()).isLessThanOrEqualTo(tolerance);
        }
    }

    /** Replaces each channel value v by (v / 32) * 32: large flat areas, as in the reference. */
    private static void posterize(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, image.getRGB(x, y) & 0xffe0e0e0);
            }
        }
    }

    @Test
    void shouldAgreeWithMatlabVerdictsOnCalibrationImages() throws Exception {
        // Given MATLAB's BRISQUE scores (another model: only the verdicts are comparable)
        Path dir = SharedData.require("baselines/calibration");
        Map<String, Double> matlab =
                CalibrationTable.row(dir.resolve("results_official.csv"), "brisque");

        for (Map.Entry<String, Double> e : matlab.entrySet()) {
            // When
            double score =
                    BRISQUE.score(
                            ImageIO.read(dir.resolve("dist_dir").resolve(e.getKey()).toFile()));

            // Then images MATLAB finds poor (> 50) are poor here too, good ones (< 25) good
            if (e.getValue() > 50) {
                assertThat(score).as(e.getKey()).isGreaterThan(50);
            } else {
                assertThat(score).as(e.getKey()).isLessThan(25);
            }
        }
    }
}
