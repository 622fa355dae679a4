package io.qualitymonitor.stream;

import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.schemas.DeadLetterReason;
import io.qualitymonitor.schemas.ImageUpload;

/** Returns the outcome of preparing one upload for the model: a decoded image, or a failure. */
public sealed interface Prepared permits Prepared.Ready, Prepared.Failed {

    /** Returns the upload, or null when its bytes could not be read. */
    ImageUpload upload();

    /** Returns how many fetch attempts were made. */
    int attempts();

    /** An image ready for the model. */
    record Ready(ImageUpload upload, DecodedImage image, double fetchMs, int attempts)
            implements Prepared {}

    /** An upload that cannot be scored, with the dead-letter reason and a one-line message. */
    record Failed(ImageUpload upload, DeadLetterReason reason, String message, int attempts)
            implements Prepared {}
}
