package io.qualitymonitor.app;

/**
 * Thrown when the pipeline cannot start or keep running: the broker or the registry does not
 * answer, topics are missing, or Kafka Streams stopped. The message is one line for the user.
 */
public class StartupException extends RuntimeException {
    /** Creates the exception with a one-line message. */
    public StartupException(String message) {
        super(message);
    }

    /** Creates the exception with a one-line message and the underlying cause (for the log). */
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
