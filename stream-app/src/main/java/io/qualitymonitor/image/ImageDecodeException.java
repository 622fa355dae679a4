package io.qualitymonitor.image;

/**
 * Thrown when an image cannot be read or decoded; carries a typed reason and a one-line message.
 */
public class ImageDecodeException extends Exception {
    private final DecodeFailure reason;

    /** Returns an exception with the given reason and one-line message. */
    public ImageDecodeException(DecodeFailure reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Returns an exception with the given reason and message, keeping the cause for debugging. */
    public ImageDecodeException(DecodeFailure reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Returns the reason, named like the dead-letter reason. */
    public DecodeFailure reason() {
        return reason;
    }
}
