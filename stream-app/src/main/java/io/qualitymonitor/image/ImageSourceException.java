package io.qualitymonitor.image;

/**
 * Thrown when an image's bytes cannot be obtained; {@code reason} is a dead-letter reason name
 * (e.g. {@code FETCH_FAILED}, {@code TOO_LARGE}, {@code BLOCKED_ADDRESS}), the message one line.
 */
public class ImageSourceException extends Exception {
    private final String reason;

    /** Returns an exception with a dead-letter reason name and a one-line message. */
    public ImageSourceException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Returns the dead-letter reason name. */
    public String reason() {
        return reason;
    }
}
