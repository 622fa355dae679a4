package io.qualitymonitor.image;

import io.qualitymonitor.schemas.DeadLetterReason;

/**
 * Thrown when an image cannot be read or decoded; carries a typed reason and a one-line message.
 */
public class ImageDecodeException extends Exception {
    private final DeadLetterReason reason;

    /** Returns an exception with the given reason and one-line message. */
    public ImageDecodeException(DeadLetterReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Returns an exception with the given reason and message, keeping the cause for debugging. */
    public ImageDecodeException(DeadLetterReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Returns the dead-letter reason. */
    public DeadLetterReason reason() {
        return reason;
    }
}
