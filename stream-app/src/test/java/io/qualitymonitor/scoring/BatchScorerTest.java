package io.qualitymonitor.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.config.OneLine;
import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.image.TestImages;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.model.TestBundles;
import io.qualitymonitor.schemas.DeadLetterReason;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The batch scorer on the real tiny model: an {@link Error} thrown while the model reads one image
 * becomes that image's dead letter, and the rest of the batch is scored.
 */
class BatchScorerTest {

    private static Scorer scorer;

    @BeforeAll
    static void openModel() {
        scorer = Scorer.open(TestBundles.LOWLEVEL, TestBundles.cpu(TestBundles.LOWLEVEL, 1));
    }

    @AfterAll
    static void closeModel() {
        scorer.close();
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(
                        "OutOfMemoryError",
                        (Supplier<Error>) () -> new OutOfMemoryError("Java heap space")),
                Arguments.of("StackOverflowError", (Supplier<Error>) StackOverflowError::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void shouldDeadLetterOnlyTheImageWhoseScoringThrowsAnError(String name, Supplier<Error> error) {
        // Given a batch of two good images around one whose pixels cannot be read by the model,
        // and an image that failed before the model
        DecodedImage first = decoded(TestImages.texture(160, 160));
        DecodedImage hostile = decoded(new ThrowingImage(200, 120, error));
        DecodedImage last = decoded(TestImages.texture(320, 200));
        Prepared.Failed missing = new Prepared.Failed(DeadLetterReason.FETCH_FAILED, "gone", 1);
        BatchScorer batches = new BatchScorer(scorer);

        // When the batch is scored
        List<Outcome> outcomes =
                batches.score(
                        List.of(
                                Prepared.of(first),
                                Prepared.of(hostile),
                                missing,
                                Prepared.of(last)));

        // Then the hostile image alone ends as MODEL_ERROR naming the error, the others score as
        // they score alone, and the earlier failure keeps its reason
        assertThat(outcomes).hasSize(4);
        assertThat(outcomes.get(1))
                .isInstanceOfSatisfying(
                        Outcome.Failed.class,
                        f -> {
                            assertThat(f.failure().reason())
                                    .isEqualTo(DeadLetterReason.MODEL_ERROR);
                            assertThat(f.failure().message()).isEqualTo(OneLine.of(error.get()));
                        });
        assertThat(outcomes.get(2)).isEqualTo(new Outcome.Failed(missing));
        assertThat(score(outcomes.get(0))).isEqualTo(aloneScore(first));
        assertThat(score(outcomes.get(3))).isEqualTo(aloneScore(last));
    }

    private static double score(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Scored.class);
        return ((Outcome.Scored) outcome).result().score();
    }

    private static double aloneScore(DecodedImage image) {
        return scorer.score(List.of(image)).get(0).score();
    }

    private static DecodedImage decoded(BufferedImage image) {
        return new DecodedImage(image, "png", 0);
    }

    /**
     * An RGB image whose pixels throw {@code error} when read, as the model's input does when an
     * image's tensors do not fit in memory or its processing recurses too deep.
     */
    private static final class ThrowingImage extends BufferedImage {
        private final Supplier<Error> error;

        ThrowingImage(int width, int height, Supplier<Error> error) {
            super(width, height, TYPE_INT_RGB);
            this.error = error;
        }

        @Override
        public WritableRaster getRaster() {
            throw error.get();
        }

        @Override
        public int[] getRGB(int x, int y, int w, int h, int[] rgbArray, int offset, int scansize) {
            throw error.get();
        }
    }
}
