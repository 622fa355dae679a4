package io.qualitymonitor.scoring;

import io.qualitymonitor.model.ScoreResult;

/** Returns what became of one prepared image: the model's result, or why there is none. */
public sealed interface Outcome permits Outcome.Scored, Outcome.Failed {

    /** The model scored the image. */
    record Scored(Prepared.Ready ready, ScoreResult result) implements Outcome {}

    /** The image could not be scored: its preparation failed, or the model failed on it alone. */
    record Failed(Prepared.Failed failure) implements Outcome {}
}
