package io.qualitymonitor.tools.fit;

import io.qualitymonitor.config.ConfigException;

/** Thrown when a fit cannot run on the data given; its message is one line a user can act on. */
public class FitException extends ConfigException {
    /** Creates the exception with a one-line message. */
    public FitException(String message) {
        super(message);
    }
}
