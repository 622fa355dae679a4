package io.qualitymonitor.fetch;

import io.qualitymonitor.schemas.DeadLetterReason;
import java.time.Duration;

/**
 * Thrown inside the fetch package when one try fails; carries the dead-letter reason, whether
 * another try may help, and the server's Retry-After when it sent one. Never leaves the package:
 * {@link SafeFetcher} turns it into a {@link FetchFailure}.
 */
final class FetchException extends Exception {

    private final DeadLetterReason reason;
    private final boolean retryable;
    private final Duration retryAfter;

    private FetchException(
            DeadLetterReason reason, String message, boolean retryable, Duration retryAfter) {
        super(message, null, false, false);
        this.reason = reason;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** Returns a failure that another try cannot fix (blocked address, 404, size cap). */
    static FetchException permanent(DeadLetterReason reason, String message) {
        return new FetchException(reason, message, false, null);
    }

    /** Returns a failure that may pass on another try (connect error, timeout, 503). */
    static FetchException transientFailure(
            DeadLetterReason reason, String message, Duration retryAfter) {
        return new FetchException(reason, message, true, retryAfter);
    }

    DeadLetterReason reason() {
        return reason;
    }

    boolean retryable() {
        return retryable;
    }

    /** Returns the server's Retry-After, or null when it sent none. */
    Duration retryAfter() {
        return retryAfter;
    }
}
