package io.qualitymonitor.fetch;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Decides whether a failed try is tried again and after how long: only transient failures (connect
 * errors, timeouts, HTTP 429/502/503/504), at most {@code fetch.max.retries} times, after an
 * exponential backoff with jitter or the server's Retry-After, and never past the fetch's deadline.
 */
final class RetryPolicy {

    private static final int MAX_DOUBLINGS = 6;

    private final int maxRetries;
    private final Duration baseBackoff;
    private final DoubleSupplier random;

    RetryPolicy(int maxRetries, Duration baseBackoff, DoubleSupplier random) {
        this.maxRetries = maxRetries;
        this.baseBackoff = baseBackoff;
        this.random = random;
    }

    /**
     * Returns how long to wait before the next try, or empty to give up.
     *
     * @param triesSoFar tries made, counting the one that just failed
     * @param failure why it failed
     * @param remaining time left until the fetch's deadline
     */
    Optional<Duration> delayBeforeRetry(
            int triesSoFar, FetchException failure, Duration remaining) {
        if (!failure.retryable() || triesSoFar > maxRetries) {
            return Optional.empty();
        }
        Duration delay = failure.retryAfter() != null ? failure.retryAfter() : backoff(triesSoFar);
        // A Retry-After (or backoff) that does not fit in the budget is not "small": give up now.
        return delay.compareTo(remaining) < 0 ? Optional.of(delay) : Optional.empty();
    }

    /** Returns base * 2^(n-1), capped at 64 * base, scaled by a random factor in [0.5, 1). */
    Duration backoff(int triesSoFar) {
        long base = baseBackoff.toMillis();
        long exp = base << Math.min(MAX_DOUBLINGS, Math.max(0, triesSoFar - 1));
        return Duration.ofMillis((long) (exp * (0.5 + 0.5 * random.getAsDouble())));
    }
}
