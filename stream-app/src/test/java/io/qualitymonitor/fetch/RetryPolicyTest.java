package io.qualitymonitor.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.schemas.DeadLetterReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final FetchException TRANSIENT =
            FetchException.transientFailure(DeadLetterReason.FETCH_FAILED, "503", null);
    private static final Duration BUDGET = Duration.ofSeconds(10);

    @Test
    void shouldDoubleBackoffWithJitterBetweenHalfAndFull() {
        // Given the smallest and the largest random factor
        RetryPolicy low = new RetryPolicy(5, Duration.ofMillis(100), () -> 0.0);
        RetryPolicy high = new RetryPolicy(5, Duration.ofMillis(100), () -> 0.999);

        // When / Then
        assertThat(low.backoff(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(low.backoff(3)).isEqualTo(Duration.ofMillis(200));
        assertThat(high.backoff(1)).isEqualTo(Duration.ofMillis(99));
        assertThat(high.backoff(3)).isEqualTo(Duration.ofMillis(399));
        assertThat(high.backoff(50)).isLessThan(Duration.ofMillis(6400));
    }

    @Test
    void shouldRetryTransientFailureUntilMaxRetries() {
        // Given
        RetryPolicy policy = new RetryPolicy(2, Duration.ofMillis(10), () -> 0.5);

        // When / Then
        assertThat(policy.delayBeforeRetry(1, TRANSIENT, BUDGET)).isPresent();
        assertThat(policy.delayBeforeRetry(2, TRANSIENT, BUDGET)).isPresent();
        assertThat(policy.delayBeforeRetry(3, TRANSIENT, BUDGET)).isEmpty();
    }

    @Test
    void shouldNeverRetryPermanentFailure() {
        // Given
        RetryPolicy policy = new RetryPolicy(2, Duration.ofMillis(10), () -> 0.5);
        FetchException blocked =
                FetchException.permanent(DeadLetterReason.BLOCKED_ADDRESS, "10.0.0.1");

        // When / Then
        assertThat(policy.delayBeforeRetry(1, blocked, BUDGET)).isEmpty();
    }

    @Test
    void shouldPreferRetryAfterThatFitsTheBudget() {
        // Given
        RetryPolicy policy = new RetryPolicy(2, Duration.ofMillis(10), () -> 0.5);
        FetchException slowDown =
                FetchException.transientFailure(
                        DeadLetterReason.FETCH_FAILED, "429", Duration.ofSeconds(2));

        // When / Then
        assertThat(policy.delayBeforeRetry(1, slowDown, BUDGET)).contains(Duration.ofSeconds(2));
        assertThat(policy.delayBeforeRetry(1, slowDown, Duration.ofSeconds(1))).isEmpty();
    }
}
