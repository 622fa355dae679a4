package io.qualitymonitor.scoring;

import io.qualitymonitor.model.ScoreResult;

/**
 * Returns the outcome for one input: a result, or the reason it failed.
 *
 * @param reference the path or URL as listed
 * @param result the scores, or null when it failed
 * @param failure a dead-letter reason name ({@code NOT_AN_IMAGE}, {@code MODEL_ERROR}, ...), or
 *     null
 * @param message one line on the failure, or null
 */
public record ScoreRow(String reference, ScoreResult result, String failure, String message) {

    /** Returns a successful row. */
    public static ScoreRow ok(String reference, ScoreResult result) {
        return new ScoreRow(reference, result, null, null);
    }

    /** Returns a failed row. */
    public static ScoreRow failed(String reference, String failure, String message) {
        return new ScoreRow(reference, null, failure, message);
    }

    /** Returns whether the input was scored. */
    public boolean succeeded() {
        return result != null;
    }
}
