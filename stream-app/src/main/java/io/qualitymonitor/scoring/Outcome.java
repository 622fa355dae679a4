package io.qualitymonitor.scoring;

import io.qualitymonitor.model.ScoreResult;

/** Returns what became of one prepared image: the model's result, or why there is none. */
public sealed interface Outcome permits Outcome.Scored, Outcome.Failed {

    /**
     * The model scored the image.
     *
     * @param modelName the name of the bundle that scored it, or null when the caller knows it
     * @param modelVersion the version of that bundle, or null when the caller knows it
     */
    record Scored(Prepared.Ready ready, ScoreResult result, String modelName, String modelVersion)
            implements Outcome {

        /** Returns the outcome without the model's name and version. */
        public Scored(Prepared.Ready ready, ScoreResult result) {
            this(ready, result, null, null);
        }
    }

    /** The image could not be scored: its preparation failed, or the model failed on it alone. */
    record Failed(Prepared.Failed failure) implements Outcome {}
}
