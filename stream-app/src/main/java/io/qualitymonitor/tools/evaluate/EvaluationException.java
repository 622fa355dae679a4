package io.qualitymonitor.tools.evaluate;

import io.qualitymonitor.config.ConfigException;

/** Thrown when evaluation input (a labels file) is unusable; its message is one line. */
public class EvaluationException extends ConfigException {
    /** Creates the exception with a one-line message a user can act on. */
    public EvaluationException(String message) {
        super(message);
    }

    /** Creates the exception with a one-line message and its cause. */
    public EvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
