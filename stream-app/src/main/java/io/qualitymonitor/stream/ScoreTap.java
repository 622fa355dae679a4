package io.qualitymonitor.stream;

import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.scoring.Outcome;

/**
 * Receives each live score with the prepared image that made it, so that another model can score
 * the same upload (shadow scoring). Called on the stream thread: it must return at once.
 */
@FunctionalInterface
public interface ScoreTap {
    /** A tap that takes nothing (no shadow model). */
    ScoreTap NONE = (source, live, score) -> {};

    /** Offers the upload {@code source}, its live outcome and its live score; never blocks. */
    void offer(PendingUpload source, Outcome.Scored live, QualityScore score);
}
