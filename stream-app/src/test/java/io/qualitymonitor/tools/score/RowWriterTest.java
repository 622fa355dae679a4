package io.qualitymonitor.tools.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.model.PromptPair;
import io.qualitymonitor.model.ScoreResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowWriterTest {

    @Test
    void shouldNameWeakAttributesByTheirNegativePromptWeakestFirst() {
        Map<String, Double> attributes = new LinkedHashMap<>();
        attributes.put("sharpness", 8.2);
        attributes.put("noise", 85.0);
        attributes.put("colour", 31.0);
        attributes.put("exposure", 66.4);
        ScoreResult r = new ScoreResult(20, Map.of(), attributes, new float[0], 10, 10, 1.0, 1.0);
        Map<String, String> labels =
                Map.of(
                        "sharpness", pair("a blurry photo.").negativeLabel(),
                        "colour", pair("a photo with washed-out colours.").negativeLabel());

        assertThat(RowWriter.explanation(r, labels))
                .isEqualTo(
                        "blurry (sharpness 8), washed-out colours (colour 31); exposure 66,"
                                + " noise 85");
    }

    @Test
    void shouldSayWhenNoAttributeIsWeak() {
        ScoreResult r =
                new ScoreResult(
                        90, Map.of(), Map.of("noise", 91.0), new float[0], 10, 10, 1.0, 1.0);
        assertThat(RowWriter.explanation(r, Map.of("noise", "noisy")))
                .isEqualTo("no attribute below 50; noise 91");
    }

    @Test
    void shouldShortenNegativePromptsToLabels() {
        assertThat(pair("an underexposed photo.").negativeLabel()).isEqualTo("underexposed");
        assertThat(pair("a badly exposed photo.").negativeLabel()).isEqualTo("badly exposed");
        assertThat(pair("blocky").negativeLabel()).isEqualTo("blocky");
        assertThat(pair("a photo.").negativeLabel()).isEqualTo("photo");
    }

    private static PromptPair pair(String negative) {
        return new PromptPair("x", "good", negative, new float[0], new float[0]);
    }
}
