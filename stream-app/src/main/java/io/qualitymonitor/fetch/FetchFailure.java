package io.qualitymonitor.fetch;

import io.qualitymonitor.schemas.DeadLetterReason;
import java.util.Objects;

/**
 * Returns why an image reference could not be fetched; the message is one line fit for a dead
 * letter.
 *
 * @param reason the dead-letter reason
 * @param message what went wrong, naming the URI or address and any HTTP status
 * @param attempts how many tries were made (0 when refused before any try)
 */
public record FetchFailure(DeadLetterReason reason, String message, int attempts)
        implements FetchResult {

    /** Checks the required fields. */
    public FetchFailure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
