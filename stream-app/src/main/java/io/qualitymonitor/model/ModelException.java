package io.qualitymonitor.model;

/**
 * Thrown when a model bundle cannot be loaded or run; the message is one line that names the bundle
 * file or the setting at fault.
 */
public class ModelException extends RuntimeException {
    /** Returns an exception with a one-line message. */
    public ModelException(String message) {
        super(message);
    }

    /** Returns an exception with a one-line message, keeping the cause for debugging. */
    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
