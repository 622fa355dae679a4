package io.qualitymonitor.embedded;

/** Thrown when the embedded broker or registry cannot start; the message says why in one line. */
public class EmbeddedException extends RuntimeException {
    public EmbeddedException(String message) {
        super(message);
    }

    public EmbeddedException(String message, Throwable cause) {
        super(message, cause);
    }
}
