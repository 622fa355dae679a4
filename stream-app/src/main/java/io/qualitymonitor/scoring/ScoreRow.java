package io.qualitymonitor.scoring;

import io.qualitymonitor.model.ScoreResult;
import io.qualitymonitor.schemas.DeadLetterReason;

/**
 * Returns the outcome for one image reference, as given on the command line.
 *
 * @param reference the path or URL as listed
 * @param outcome the model's result, or why there is none
 */
public record ScoreRow(String reference, Outcome outcome) {

    /** Returns the scores, or null when the reference could not be scored. */
    public ScoreResult result() {
        return outcome instanceof Outcome.Scored s ? s.result() : null;
    }

    /** Returns the dead-letter reason of a failed reference, or null. */
    public DeadLetterReason failure() {
        return outcome instanceof Outcome.Failed f ? f.failure().reason() : null;
    }

    /** Returns one line on the failure, or null. */
    public String message() {
        return outcome instanceof Outcome.Failed f ? f.failure().message() : null;
    }

    /** Returns whether the reference was scored. */
    public boolean succeeded() {
        return outcome instanceof Outcome.Scored;
    }
}
