package io.qualitymonitor.model;

import io.qualitymonitor.config.ConfigException;

/**
 * Thrown when a model bundle cannot be loaded or run; the message is one line that names the bundle
 * file or the setting at fault. A {@link ConfigException}: the bundle is named by {@code model.dir}
 * or on the command line, and the user fixes it there.
 */
public class ModelException extends ConfigException {
    /** Returns an exception with a one-line message. */
    public ModelException(String message) {
        super(message);
    }

    /** Returns an exception with a one-line message, keeping the cause for debugging. */
    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
