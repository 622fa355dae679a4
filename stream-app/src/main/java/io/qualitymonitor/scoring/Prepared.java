package io.qualitymonitor.scoring;

import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.schemas.DeadLetterReason;

/** Returns the outcome of preparing one image for the model: a decoded image, or a failure. */
public sealed interface Prepared permits Prepared.Ready, Prepared.Failed {

    /** Returns how many fetch attempts were made (0 for an image given in memory). */
    int attempts();

    /** Returns an image already in memory (a benchmark's, a distorted copy) as ready. */
    static Ready of(DecodedImage image) {
        return new Ready(image, 0, 0);
    }

    /**
     * An image ready for the model.
     *
     * @param fetchMs time from the start of the fetch to the bytes
     */
    record Ready(DecodedImage image, double fetchMs, int attempts) implements Prepared {}

    /** An image that cannot be scored, with the dead-letter reason and a one-line message. */
    record Failed(DeadLetterReason reason, String message, int attempts) implements Prepared {}
}
