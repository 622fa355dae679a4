package io.qualitymonitor.fetch;

import static io.qualitymonitor.schemas.DeadLetterReason.FETCH_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries against the loopback test server: only transient failures, counted, within budget. */
class SafeFetcherRetryTest {

    private LoopbackImageServer server;
    private SafeFetcher fetcher;

    @BeforeEach
    void startServer() throws Exception {
        server = new LoopbackImageServer();
        fetcher =
                new SafeFetcher(
                        TestFetchConfig.allowingLoopbackServer().build(), new ScriptedResolver());
    }

    @AfterEach
    void stop() {
        fetcher.close();
        server.close();
    }

    private static FetchFailure failure(FetchResult result) {
        assertThat(result).isInstanceOf(FetchFailure.class);
        return (FetchFailure) result;
    }

    @Test
    void shouldRetryServiceUnavailableAndCountAttempts() {
        // Given two 503s, then the image
        server.failFlakyTimes(2);

        // When
        FetchResult result = fetcher.fetch(server.uri("/flaky"));

        // Then
        assertThat(result).isInstanceOf(Fetched.class);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    void shouldGiveUpAfterMaxRetries() {
        // Given
        server.failFlakyTimes(100);

        // When
        FetchFailure failure = failure(fetcher.fetch(server.uri("/flaky")));

        // Then
        assertThat(failure.reason()).isEqualTo(FETCH_FAILED);
        assertThat(failure.message()).contains("HTTP 503", "after 3 tries");
        assertThat(failure.attempts()).isEqualTo(3);
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    void shouldNotRetryNotFound() {
        // Given a path the server does not have

        // When
        FetchFailure failure = failure(fetcher.fetch(server.uri("/missing")));

        // Then
        assertThat(failure.reason()).isEqualTo(FETCH_FAILED);
        assertThat(failure.message()).contains("HTTP 404");
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void shouldWaitForSmallRetryAfter() {
        // Given one 429 with Retry-After: 1
        server.failFlakyTimes(1);

        // When
        FetchResult result = fetcher.fetch(server.uri("/retry-after?s=1"));

        // Then
        assertThat(result).isInstanceOf(Fetched.class);
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(((Fetched) result).elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldGiveUpAtOnceWhenRetryAfterExceedsTheBudget() {
        // Given a 429 asking for two minutes, and a 5 s budget
        server.failFlakyTimes(1);

        // When
        FetchFailure failure = failure(fetcher.fetch(server.uri("/retry-after?s=120")));

        // Then
        assertThat(failure.reason()).isEqualTo(FETCH_FAILED);
        assertThat(failure.message()).contains("HTTP 429");
        assertThat(failure.attempts()).isEqualTo(1);
    }

    @Test
    void shouldRetryRefusedConnection() throws Exception {
        // Given a loopback port nobody listens on
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }

        // When
        FetchFailure failure =
                failure(fetcher.fetch(URI.create("http://127.0.0.1:" + port + "/x.png")));

        // Then
        assertThat(failure.reason()).isEqualTo(FETCH_FAILED);
        assertThat(failure.attempts()).isEqualTo(3);
        assertThat(fetcher.socketsOpened()).isEqualTo(3);
    }
}
