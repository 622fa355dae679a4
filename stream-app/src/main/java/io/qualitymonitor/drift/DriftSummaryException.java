package io.qualitymonitor.drift;

/**
 * Thrown when summaries cannot be combined or compared (different shapes) or bytes do not decode to
 * a summary; its message is one line.
 */
public class DriftSummaryException extends IllegalArgumentException {
    /** Returns an exception with a one-line message. */
    public DriftSummaryException(String message) {
        super(message);
    }
}
