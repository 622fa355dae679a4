package io.qualitymonitor.tools.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.qualitymonitor.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Checks the NIQE port against the LIVE release's MATLAB outputs (pyiqa's calibration images,
 * non-commercial: read from the shared folder, skipped when it is absent).
 */
class NiqeCalibrationTest {

    @Test
    void shouldMatchMatlabNiqeReleaseWithinOnePercentOnEachCalibrationImage() throws Exception {
        // Given the MATLAB reference scores of the five distorted TID2013 images
        Path dir = SharedData.require("baselines/calibration");
        Map<String, Double> reference =
                CalibrationTable.row(dir.resolve("results_official.csv"), "niqe");
        Niqe niqe = new Niqe(NiqeModel.loadDefault());

        for (Map.Entry<String, Double> e : reference.entrySet()) {
            // When
            BufferedImage image =
                    ImageIO.read(dir.resolve("dist_dir").resolve(e.getKey()).toFile());
            double score = niqe.score(image);

            // Then
            assertThat(score).as(e.getKey()).isCloseTo(e.getValue(), withinPercentage(1.0));
        }
    }

    @Test
    void shouldScorePristineImagesBetterThanTheirDistortedCalibrationVersions() throws Exception {
        // Given the reference (pristine) TID2013 images and the heavily distorted I03
        Path dir = SharedData.require("baselines/calibration");
        Niqe niqe = new Niqe(NiqeModel.loadDefault());

        // When
        double pristine = niqe.score(ImageIO.read(dir.resolve("ref_dir/I03.bmp").toFile()));
        double distorted = niqe.score(ImageIO.read(dir.resolve("dist_dir/I03.bmp").toFile()));

        // Then lower is better
        assertThat(pristine).isLessThan(distorted);
    }
}
