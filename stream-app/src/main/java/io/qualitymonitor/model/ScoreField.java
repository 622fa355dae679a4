package io.qualitymonitor.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * Returns the scores a result carries beside the overall {@code score}, each under the one name it
 * has everywhere: the field of the {@code QualityScore} record, the column of {@code score}'s
 * table, CSV and JSON, and the demo's view. Each is filled when the bundle has what makes it (the
 * head of that name in {@code regressor.json}, or the vision-language branch and its quality
 * prompts for the zero-shot score), else it is null in the record and absent on the command line.
 * The overall {@code score} is the bundle's output head ({@code regressor.json} {@code output}), so
 * it equals one of these: in the shipped bundle, {@link #LOW_LEVEL}.
 */
public enum ScoreField {
    /** The low-level head: a ridge over the low-level (CONTRIQUE-style) encoder's features. */
    LOW_LEVEL(
            "lowLevelScore",
            Scorer.LOWLEVEL,
            "Quality 0-100 from the low-level head alone: a ridge over the low-level encoder's"
                    + " features."),

    /** The vision-language head: a ridge over the vision-language image embedding. */
    VISION_LANGUAGE_HEAD(
            "visionLanguageHeadScore",
            Scorer.VISION_LANGUAGE,
            "Quality 0-100 from the vision-language head alone: a ridge over the"
                    + " vision-language image embedding."),

    /** The combined head: a ridge over the features of both branches. */
    COMBINED(
            "combinedScore",
            Scorer.COMBINED,
            "Quality 0-100 from the combined head: a ridge over both branches' features."),

    /** The zero-shot prompt score: no fitted weights, only the quality prompt pair. */
    ZERO_SHOT(
            "zeroShotScore",
            Scorer.ZERO_SHOT,
            "Zero-shot quality 0-100: how much closer the vision-language image embedding is to"
                    + " the bundle's positive quality prompt than to its negative one (100 x"
                    + " softmax of the scaled cosines); no fitted weights.");

    private final String fieldName;
    private final String key;
    private final String description;

    ScoreField(String fieldName, String key, String description) {
        this.fieldName = fieldName;
        this.key = key;
        this.description = description;
    }

    /** Returns the name in the record, in {@code score}'s columns and in the demo. */
    public String fieldName() {
        return fieldName;
    }

    /**
     * Returns the key in {@link ScoreResult#branchScores()}: the head's name in {@code
     * regressor.json}, or {@code zero_shot}.
     */
    public String key() {
        return key;
    }

    /** Returns one sentence on what the score is (the record's {@code doc} starts with it). */
    public String description() {
        return description;
    }

    /** Returns the field whose {@link #key()} is {@code key}, if any. */
    public static Optional<ScoreField> ofKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }
}
