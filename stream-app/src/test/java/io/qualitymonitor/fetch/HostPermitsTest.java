package io.qualitymonitor.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HostPermitsTest {

    @Test
    void shouldBlockBeyondPerHostLimitAndLetOtherHostsThrough() throws Exception {
        // Given one permit per host, held for a.example
        HostPermits permits = new HostPermits(1);
        permits.acquire("a.example");
        CountDownLatch secondA = new CountDownLatch(1);
        Thread waiter =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try {
                                        permits.acquire("a.example");
                                        secondA.countDown();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                });

        // When another host asks, and then a.example is released
        permits.acquire("b.example");
        boolean enteredEarly = secondA.await(200, TimeUnit.MILLISECONDS);
        permits.release("a.example");
        boolean enteredAfterRelease = secondA.await(5, TimeUnit.SECONDS);
        waiter.join();

        // Then
        assertThat(enteredEarly).isFalse();
        assertThat(enteredAfterRelease).isTrue();
        assertThat(permits.trackedHosts()).isEqualTo(2);
    }

    @Test
    void shouldForgetHostOnceNobodyHoldsIt() throws Exception {
        // Given
        HostPermits permits = new HostPermits(2);
        permits.acquire("a.example");
        permits.acquire("a.example");

        // When
        permits.release("a.example");
        int whileHeld = permits.trackedHosts();
        permits.release("a.example");

        // Then
        assertThat(whileHeld).isEqualTo(1);
        assertThat(permits.trackedHosts()).isZero();
    }
}
