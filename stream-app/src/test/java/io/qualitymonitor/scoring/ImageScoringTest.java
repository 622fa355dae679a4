package io.qualitymonitor.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qualitymonitor.config.ModelConfig;
import io.qualitymonitor.image.TestImages;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.model.TestBundles;
import io.qualitymonitor.schemas.DeadLetterReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageScoringTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    @Test
    void shouldReportEveryImageOfAFailingBatchAsModelErrorAndGoOn() throws Exception {
        // Given a bundle whose bundle.json claims 16 features per scale where the encoder gives 32
        Path bundle = misdeclaredBundle(tmp.resolve("bad"));
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path f = tmp.resolve(i + ".png");
            Files.write(f, TestImages.encode(TestImages.texture(256, 256), "png"));
            refs.add(f.toString());
        }
        refs.add(tmp.resolve("missing.png").toString());
        try (Scorer scorer = Scorer.open(bundle, new ModelConfig(bundle, "cpu", 2, 1, 1));
                ImagePreparer images = TestPreparers.commandLine()) {
            ImageScoring run = new ImageScoring(images, new BatchScorer(scorer), 2);
            // When the images are scored in batches of two
            List<ScoreRow> rows = run.run(refs, done -> {});
            // Then each decodable image fails with MODEL_ERROR (alone too, after its batch failed)
            // naming the file, the missing one with its own reason, and all rows come back in order
            assertThat(rows).extracting(ScoreRow::reference).containsExactlyElementsOf(refs);
            assertThat(rows.subList(0, 3))
                    .allSatisfy(
                            r -> {
                                assertThat(r.failure()).isEqualTo(DeadLetterReason.MODEL_ERROR);
                                assertThat(r.message())
                                        .contains("lowlevel.pt")
                                        .contains("feature_dim 16");
                            });
            assertThat(rows.get(3).failure()).isEqualTo(DeadLetterReason.FETCH_FAILED);
        }
    }

    @Test
    void shouldReturnEveryResultInOrderOrThrowNamingTheFirstFileThatFails() throws Exception {
        // Given two textures of different sizes and a file that is not an image
        Path small = tmp.resolve("a.png");
        Path large = tmp.resolve("b.png");
        Path junk = tmp.resolve("c.png");
        Files.write(small, TestImages.encode(TestImages.texture(160, 160), "png"));
        Files.write(large, TestImages.encode(TestImages.texture(320, 200), "png"));
        Files.writeString(junk, "not an image");
        try (Scorer scorer =
                        Scorer.open(
                                TestBundles.LOWLEVEL, TestBundles.cpu(TestBundles.LOWLEVEL, 1));
                ImagePreparer images = TestPreparers.commandLine()) {
            ImageScoring scoring = new ImageScoring(images, new BatchScorer(scorer), 1);
            // When the readable files are scored, in an order unlike their names
            List<Integer> progress = new ArrayList<>();
            var results =
                    scoring.scoreAll(
                            List.of(large, small), progress::add, IllegalStateException::new);
            // Then the results come back in the order given, each as one image alone scores it
            var alone = scoring.scoreAll(List.of(small), n -> {}, IllegalStateException::new);
            assertThat(results).hasSize(2);
            assertThat(results.get(1).features()).containsExactly(alone.get(0).features());
            assertThat(results.get(0).features()).isNotEqualTo(alone.get(0).features());
            assertThat(progress).containsExactly(1, 2);
            // And with the junk file among them, the exception made by the caller names it as
            // soon as its batch is done: the batches after it are not scored
            List<Integer> beforeFailure = new ArrayList<>();
            assertThatThrownBy(
                            () ->
                                    scoring.scoreAll(
                                            List.of(small, junk, large, small),
                                            beforeFailure::add,
                                            IllegalStateException::new))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot score " + junk + ": NOT_AN_IMAGE");
            assertThat(beforeFailure).containsExactly(1);
        }
    }

    /** Copies the low-level test bundle, declaring feature_dim 16, with consistent checksums. */
    private static Path misdeclaredBundle(Path dir) throws Exception {
        TestBundles.copy(TestBundles.LOWLEVEL, dir);
        ObjectNode regressor = (ObjectNode) JSON.readTree(dir.resolve("regressor.json").toFile());
        for (var head : regressor.get("heads")) {
            for (String key : List.of("mean", "std", "weights")) {
                ArrayNode values = JSON.createArrayNode();
                for (int i = 0; i < 32; i++) {
                    values.add(key.equals("std") ? 1.0 : 0.0);
                }
                ((ObjectNode) head).set(key, values);
            }
        }
        JSON.writeValue(dir.resolve("regressor.json").toFile(), regressor);
        ObjectNode manifest = (ObjectNode) JSON.readTree(dir.resolve("bundle.json").toFile());
        ((ObjectNode) manifest.at("/branches/lowlevel")).put("feature_dim", 16);
        ((ObjectNode) manifest.get("files"))
                .put("regressor.json", sha256(dir.resolve("regressor.json")));
        JSON.writeValue(dir.resolve("bundle.json").toFile(), manifest);
        return dir;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
