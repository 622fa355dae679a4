package io.qualitymonitor.model;

import java.util.Map;

/**
 * Returns the scores of one image and what they cost.
 *
 * @param score overall quality 0-100 from the bundle's output head
 * @param branchScores per-branch scores 0-100: a head named like a branch ({@code lowlevel}, {@code
 *     vision_language}) and {@code zero_shot} for the prompt score; only the branches the bundle
 *     has
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

    /** Returns the low-level branch's score, or null when the bundle has no such head. */
    public Double lowLevelScore() {
        return branchScores.get(Scorer.LOWLEVEL);
    }

    /** Returns the vision-language zero-shot score, or null without that branch. */
    public Double visionLanguageScore() {
        return branchScores.get(Scorer.ZERO_SHOT);
    }
}
