package io.qualitymonitor.app;

/**
 * Thrown when an input of {@code produce} is wrong: a missing file, an empty folder, a bad row of
 * an upload list; the message is one line naming the input (and line) to fix.
 */
public class UploadInputException extends RuntimeException {
    /** Creates the exception with a one-line message. */
    public UploadInputException(String message) {
        super(message);
    }
}
