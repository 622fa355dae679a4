package io.qualitymonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Waiting through a registry outage, and the readiness it reports. */
class RegistryOutageTest {
    private static final RegistryException DOWN =
            new RegistryException("connection refused", new java.io.IOException("refused"));

    @Test
    void shouldWaitUntilTheRegistryAnswersAndReportItUnavailableMeanwhile() {
        // Given a read that fails twice on an unreachable registry, then answers
        AtomicBoolean reachable = new AtomicBoolean(false);
        RegistryOutage outage = new RegistryOutage(Duration.ofMillis(20), reachable::get);
        AtomicInteger calls = new AtomicInteger();
        List<Boolean> availableWhileWaiting = new ArrayList<>();

        // When it is awaited
        String answer =
                outage.await(
                        () -> {
                            if (calls.incrementAndGet() <= 2) {
                                availableWhileWaiting.add(outage.isAvailable());
                                throw DOWN;
                            }
                            return "schema";
                        },
                        () -> false);

        // Then it was tried three times, unavailable in between, available after
        assertThat(answer).isEqualTo("schema");
        assertThat(calls).hasValue(3);
        assertThat(availableWhileWaiting).containsExactly(true, false);
        assertThat(outage.isAvailable()).isTrue();
    }

    @Test
    void shouldComeBackWhenTheProbeAnswersWithNothingWaiting() throws Exception {
        // Given an outage seen once, and nothing waiting any more
        AtomicBoolean reachable = new AtomicBoolean(false);
        RegistryOutage outage = new RegistryOutage(Duration.ofMillis(20), reachable::get);
        outage.failed(DOWN);
        Thread.sleep(30);
        assertThat(outage.isAvailable()).isFalse();

        // When the registry answers again, Then readiness follows within an interval
        reachable.set(true);
        Thread.sleep(30);
        assertThat(outage.isAvailable()).isTrue();
    }

    @Test
    void shouldNotWaitOnAnAnswerThatWaitingCannotChange() {
        // Given a read the registry refuses with 404
        RegistryOutage outage = new RegistryOutage(Duration.ofMillis(20), () -> true);
        RegistryException notFound = new RegistryException(404, 40403, "no such schema");

        // When / Then it is thrown at once, readiness untouched
        assertThatThrownBy(
                        () ->
                                outage.await(
                                        () -> {
                                            throw notFound;
                                        },
                                        () -> false))
                .isSameAs(notFound);
        assertThat(outage.isAvailable()).isTrue();
    }
}
