package io.qualitymonitor.tools;

/**
 * Thrown by a tool when its options ask for something its input cannot do (a head the bundle does
 * not have, an explanation without a vision-language branch); the command line exits with its usage
 * code.
 */
public class UsageException extends RuntimeException {
    /** Returns an exception with a one-line message naming the option and what is possible. */
    public UsageException(String message) {
        super(message);
    }
}
