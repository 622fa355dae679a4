package io.qualitymonitor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qualitymonitor.RequiresPython;
import io.qualitymonitor.TestRequirements;
import io.qualitymonitor.image.DecodeLimits;
import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.image.ImageDecoder;
import io.qualitymonitor.image.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the Java runtime against the Python reference (training/qm_training/reference.py) on the
 * same TorchScript and images: libtorch 2.7.1 here, Debian's torch 1.13 there.
 *
 * <p>Tolerances (as pyiqa keeps one per metric): features within 1e-4 each and scores within 0.01
 * points of 100. The pixels are identical (the Java resize reproduces Pillow's bit for bit); what
 * is left is float order in the two torch builds.
 */
@RequiresPython(modules = {"torch", "PIL", "numpy"})
class ReferenceParityTest {
    private static final Path SCRIPT = Path.of("../training/reference_scores.py");

    @TempDir Path tmp;

    @Test
    void shouldMatchThePythonReferenceOnTheSameImages() throws Exception {
        assertParity(TestBundles.BOTH);
    }

    @Test
    void shouldMatchThePythonReferenceWhenTheVisionLanguageBranchProjectsLowLevelFeatures()
            throws Exception {
        assertParity(TestBundles.LIT);
    }

    @Test
    void shouldMatchThePythonReferenceWhenTheVisionLanguageBranchReadsCrops() throws Exception {
        // Given the test bundle with its VL branch read from 4 crops at two scales, averaged
        Path bundle = TestBundles.withVisionLanguageCrops(tmp.resolve("vl-crops"), 4, 1.0, 0.5);
        // Then Java and Python still agree
        assertParity(bundle);
    }

    private void assertParity(Path bundle) throws Exception {
        // Given images that exercise halving, plain bilinear and upscaling, saved as PNG
        List<String> files = new ArrayList<>();
        int[][] sizes = {{640, 480}, {300, 500}, {1000, 700}, {100, 80}};
        for (int[] s : sizes) {
            Path f = tmp.resolve(s[0] + "x" + s[1] + ".png");
            Files.write(f, TestImages.encode(TestImages.pattern(s[0], s[1]), "png"));
            files.add(f.toString());
        }
        // When Java and Python score them
        JsonNode python = pythonScores(bundle, files);
        List<DecodedImage> images = new ArrayList<>();
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT);
        for (String f : files) {
            images.add(decoder.decode(Files.readAllBytes(Path.of(f))));
        }
        List<ScoreResult> java;
        try (Scorer scorer = Scorer.open(bundle, TestBundles.cpu(bundle, 1))) {
            java = scorer.score(images);
        }
        // Then features and scores agree within the stated tolerances
        for (int i = 0; i < files.size(); i++) {
            JsonNode p = python.get(i);
            ScoreResult j = java.get(i);
            float[] f = j.features();
            assertThat(p.get("features")).hasSize(f.length);
            for (int k = 0; k < f.length; k++) {
                assertThat((double) f[k])
                        .as("feature %d of %s", k, files.get(i))
                        .isCloseTo(p.get("features").get(k).asDouble(), within(1e-4));
            }
            assertThat(j.score())
                    .as("score of %s", files.get(i))
                    .isCloseTo(p.get("score").asDouble(), within(0.01));
            for (String b : List.of("lowlevel", "vision_language", "zero_shot")) {
                assertThat(j.branchScores().get(b))
                        .as("%s of %s", b, files.get(i))
                        .isCloseTo(p.get("branch_scores").get(b).asDouble(), within(0.01));
            }
        }
    }

    private JsonNode pythonScores(Path bundle, List<String> files) throws Exception {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                TestRequirements.python().toString(),
                                SCRIPT.toString(),
                                "--bundle",
                                bundle.toString()));
        cmd.addAll(files);
        Path out = tmp.resolve("python.json");
        Process p =
                new ProcessBuilder(cmd)
                        .redirectOutput(out.toFile())
                        .redirectError(tmp.resolve("python.err").toFile())
                        .start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("python.err"))).isZero();
        return new ObjectMapper().readTree(out.toFile());
    }
}
