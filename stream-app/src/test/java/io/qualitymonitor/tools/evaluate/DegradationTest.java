package io.qualitymonitor.tools.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.SharedData;
import io.qualitymonitor.image.DecodeLimits;
import io.qualitymonitor.image.Distortion;
import io.qualitymonitor.image.ImageDecoder;
import io.qualitymonitor.image.TestImages;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.model.TestBundles;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scores images at growing blur, noise and JPEG compression. With the shipped bundle ({@code
 * models/default}) the scores must fall monotonically from the pristine photo through the five
 * levels; the random test bundle only shows that the machinery runs (random weights say nothing
 * about quality). The photos are the first three Kodak references at full size: the heads were
 * fitted on their distorted versions made by the Python distortion library, not on these Java-made
 * distortions (other levels, other code). How the model ranks distortions of photos it never saw is
 * measured by {@code evaluate} on the held-out set (docs/evaluation/).
 */
class DegradationTest {
    /** The shipped bundle, relative to the stream-app module. */
    private static final Path SHIPPED = Path.of("../models/default");

    /**
     * Each level may score up to this much above the previous one: below what the model resolves.
     * Measured 2026-12-05 on kodim01-03 with qm-default 2026.12.05-1, cropping 1-4 pixels off an
     * edge moves the score by up to 6 points (kodim01 92.1 -> 98.2) and a mirror image by up to 10;
     * the 2026.11.23-5 bundle moved by up to 4 on the same crops. Its mildest blur (sigma 0.5, hard
     * to see at full size) scores kodim01 1.8 above the pristine photo. 2026.12.05-4 looks at 16
     * crops at three scales: over the 29 LIVE1 references a 2-pixel crop moves its score by 1.3 on
     * average (max 5.3; 2026.12.05-1: 1.9, max 5.6) and a mirror image by 3.7 (max 14.2; was 4.0).
     */
    private static final double TOLERANCE = 2.0;

    @ParameterizedTest
    @EnumSource(Distortion.class)
    void shouldScoreEveryLevelWithFiniteScoresOnTheRandomTestBundle(Distortion d) {
        try (Scorer scorer =
                Scorer.open(TestBundles.LOWLEVEL, TestBundles.cpu(TestBundles.LOWLEVEL, 1))) {
            double[] scores = new DegradationCheck(scorer).scores(TestImages.texture(320, 240), d);
            assertThat(scores).hasSize(Distortion.LEVELS + 1);
            assertThat(
                            Arrays.stream(scores)
                                    .allMatch(s -> Double.isFinite(s) && s >= 0 && s <= 100))
                    .isTrue();
        }
    }

    @Test
    void shouldScoreLowerAsBlurNoiseAndCompressionGrowWithTheShippedBundle() throws Exception {
        Assumptions.assumeTrue(
                Files.isRegularFile(SHIPPED.resolve("bundle.json")), "no shipped bundle yet");
        List<BufferedImage> photos = pristinePhotos(3);
        // every series is checked and all that fail are reported together
        SoftAssertions softly = new SoftAssertions();
        try (Scorer scorer = Scorer.open(SHIPPED, TestBundles.cpu(SHIPPED, 1))) {
            DegradationCheck check = new DegradationCheck(scorer);
            for (int i = 0; i < photos.size(); i++) {
                for (Distortion d : Distortion.values()) {
                    double[] scores = check.scores(photos.get(i), d);
                    softly.assertThat(DegradationCheck.fallsMonotonically(scores, TOLERANCE))
                            .as("photo %d %s scores %s", i + 1, d, Arrays.toString(scores))
                            .isTrue();
                }
            }
        }
        softly.assertAll();
    }

    /**
     * Texture is not noise: crops of dry grass, a meadow, gravel, foliage, rope and bark from
     * training photos (BSDS300 train, {@code ../shared/data/pristine/bsds300train}; the heads were
     * fitted on other distortions of them, never on these Java-made blurs) must score lower once
     * the blur is visible (sigma 1 px and more), fall as it grows, and lose more than 10 points at
     * the strongest. qm-default 2026.12.06-8 failed on the meadow (60 sharp, 37 at sigma 1, 45 at
     * sigma 2), dry grass (4 at sigma 1, 9 at sigma 2) and bark (35 sharp, 46 at sigma 1; issue
     * #29); a 128 px high strip of the same meadow scored 16 sharp and 52 at sigma 5. The barely
     * visible sigma 0.5 is left out: 2026.12.07-1 scores it 5-13 points above the sharp crop of
     * meadow, rope and bark (docs/model-card.md).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Texture.class)
    void shouldScoreTexturedContentLowerWhenBlurredWithTheShippedBundle(Texture texture)
            throws Exception {
        Assumptions.assumeTrue(
                Files.isRegularFile(SHIPPED.resolve("bundle.json")), "no shipped bundle yet");
        Path file = SharedData.require("pristine/bsds300train/" + texture.photo + ".png");
        BufferedImage photo =
                new ImageDecoder(DecodeLimits.DEFAULT).decode(Files.readAllBytes(file)).rgb();
        BufferedImage crop = photo.getSubimage(texture.x, texture.y, texture.width, texture.height);
        try (Scorer scorer = Scorer.open(SHIPPED, TestBundles.cpu(SHIPPED, 1))) {
            double[] scores = new DegradationCheck(scorer).scores(crop, Distortion.BLUR);
            // the sharp crop, then sigma 1, 2, 3, 5 (level 1, sigma 0.5, left out)
            double[] visible = {scores[0], scores[2], scores[3], scores[4], scores[5]};
            assertThat(DegradationCheck.fallsMonotonically(visible, TOLERANCE))
                    .as("%s blurred: scores %s", texture, Arrays.toString(scores))
                    .isTrue();
            assertThat(scores[Distortion.LEVELS])
                    .as("%s: strongest blur vs the sharp crop %s", texture, Arrays.toString(scores))
                    .isLessThan(scores[0] - 10);
        }
    }

    /** Textured crops of training photos: the photo's stem and the crop's box in pixels. */
    enum Texture {
        DRY_GRASS("105019", 330, 170, 151, 151),
        MEADOW("28075", 0, 112, 481, 209),
        GRAVEL("87065", 0, 170, 481, 151),
        FOLIAGE("16052", 200, 0, 281, 321),
        ROPE("138032", 0, 0, 321, 320),
        BARK("311081", 0, 0, 321, 321);

        final String photo;
        final int x;
        final int y;
        final int width;
        final int height;

        Texture(String photo, int x, int y, int width, int height) {
            this.photo = photo;
            this.x = x;
            this.y = y;
            this.width = width;
            this.height = height;
        }
    }

    private static List<BufferedImage> pristinePhotos(int count) throws Exception {
        Path dir = SharedData.require("pristine/kodak24");
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT);
        List<BufferedImage> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().limit(count).toList()) {
                out.add(decoder.decode(Files.readAllBytes(f)).rgb());
            }
        }
        return out;
    }
}
