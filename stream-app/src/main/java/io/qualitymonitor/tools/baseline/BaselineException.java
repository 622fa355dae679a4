package io.qualitymonitor.tools.baseline;

import io.qualitymonitor.config.ConfigException;

/** Thrown when a baseline's parameters cannot be read or an image is too small to score. */
public class BaselineException extends ConfigException {
    /** Creates the exception with a one-line message a user can act on. */
    public BaselineException(String message) {
        super(message);
    }

    /** Creates the exception with a one-line message and its cause. */
    public BaselineException(String message, Throwable cause) {
        super(message, cause);
    }
}
