package io.qualitymonitor.cli;

/**
 * Thrown by a command for a mistake the user can fix; printed as one line, no stack trace.
 *
 * <p>Other packages throw their own typed exceptions; {@link QualityMonitorCommand} maps them to
 * exit codes in one place.
 */
public class UserException extends RuntimeException {
    private final int exitCode;

    public UserException(String message) {
        this(message, ExitCodes.CONFIG);
    }

    public UserException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
