package io.qualitymonitor.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Returns the scores of one image and what they cost.
 *
 * @param score overall quality 0-100 from the bundle's output head
 * @param branchScores scores 0-100 by head name ({@code lowlevel}, {@code vision_language}, {@code
 *     combined}: every head of the bundle, the output head included) and {@code zero_shot} for the
 *     prompt score; published under the names of {@link ScoreField}
 * @param attributes zero-shot attribute scores 0-100 (sharpness, noise, ...); empty without prompts
 * @param features the concatenated branch features (low-level first), for drift monitoring
 * @param width decoded width after orientation
 * @param height decoded height after orientation
 * @param decodeMs time spent decoding
 * @param inferenceMs this image's share of its batch's model time (preprocessing included)
 */
public record ScoreResult(
        double score,
        Map<String, Double> branchScores,
        Map<String, Double> attributes,
        float[] features,
        int width,
        int height,
        double decodeMs,
        double inferenceMs) {

    /** Returns the score {@code field} names, or null when the bundle does not make it. */
    public Double get(ScoreField field) {
        return branchScores.get(field.key());
    }

    /** Returns the filled scores of {@link ScoreField}, in its order. */
    public Map<ScoreField, Double> fields() {
        Map<ScoreField, Double> out = new EnumMap<>(ScoreField.class);
        for (ScoreField f : ScoreField.values()) {
            Double v = get(f);
            if (v != null) {
                out.put(f, v);
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
