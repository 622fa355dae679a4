package io.qualitymonitor.fetch;

import static io.qualitymonitor.schemas.DeadLetterReason.BLOCKED_ADDRESS;
import static io.qualitymonitor.schemas.DeadLetterReason.FETCH_FAILED;
import static io.qualitymonitor.schemas.DeadLetterReason.FETCH_TIMEOUT;
import static io.qualitymonitor.schemas.DeadLetterReason.TOO_LARGE;
import static io.qualitymonitor.schemas.DeadLetterReason.UNSUPPORTED_SCHEME;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fetches from a loopback test server that the allow-list admits; no other traffic is sent. */
class SafeFetcherTest {

    private LoopbackImageServer server;
    private SafeFetcher fetcher;

    @BeforeEach
    void startServer() throws Exception {
        server = new LoopbackImageServer();
    }

    @AfterEach
    void stop() {
        if (fetcher != null) {
            fetcher.close();
        }
        server.close();
    }

    private SafeFetcher fetcher(TestFetchConfig config) {
        fetcher = new SafeFetcher(config.build(), new ScriptedResolver());
        return fetcher;
    }

    private static FetchFailure failure(FetchResult result) {
        assertThat(result).isInstanceOf(FetchFailure.class);
        return (FetchFailure) result;
    }

    @Test
    void shouldFetchImageBytesFromAllowedServer() {
        // Given
        fetcher(TestFetchConfig.allowingLoopbackServer());

        // When
        FetchResult result = fetcher.fetch(server.uri("/image.png"));

        // Then
        assertThat(result).isInstanceOf(Fetched.class);
        Fetched fetched = (Fetched) result;
        assertThat(fetched.bytes()).isEqualTo(LoopbackImageServer.PNG);
        assertThat(fetched.contentType()).isEqualTo("image/png");
        assertThat(fetched.finalUri()).isEqualTo(server.uri("/image.png"));
        assertThat(fetched.attempts()).isEqualTo(1);
        assertThat(fetched.elapsed()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.org/a.png", "gopher://x/", "jar:file:/a!/b", "data:,x"})
    void shouldRefuseSchemeThatIsNotAllowed(String uri) {
        // Given
        fetcher(TestFetchConfig.allowingLoopbackServer());

        // When
        FetchFailure failure = failure(fetcher.fetch(URI.create(uri)));

        // Then
        assertThat(failure.reason()).isEqualTo(UNSUPPORTED_SCHEME);
        assertThat(failure.message()).contains("is not supported (http, https, file)");
        assertThat(failure.attempts()).isZero();
        assertThat(fetcher.socketsOpened()).isZero();
    }

    @Test
    void shouldRefusePlainHttpWhenOnlyHttpsIsAllowed() {
        // Given
        TestFetchConfig c = TestFetchConfig.allowingLoopbackServer();
        c.schemes = List.of("https");
        fetcher(c);

        // When
        FetchFailure failure = failure(fetcher.fetch(server.uri("/image.png")));

        // Then the refusal names the setting that allows the scheme
        assertThat(failure.reason()).isEqualTo(UNSUPPORTED_SCHEME);
        assertThat(failure.message())
                .startsWith(
                        "scheme 'http' is not in fetch.schemes [https]; allow it with"
                                + " fetch.schemes");
        assertThat(server.requests()).isZero();
    }

    @Test
    void shouldRefuseRedirectToMetadataAddress() {
        // Given
        fetcher(TestFetchConfig.allowingLoopbackServer());
        URI uri = redirectTo("http://169.254.169.254/latest/meta-data/");

        // When
        FetchFailure failure = failure(fetcher.fetch(uri));

        // Then only the loopback server was contacted
        assertThat(failure.reason()).isEqualTo(BLOCKED_ADDRESS);
        assertThat(failure.message()).contains("169.254.169.254", "link-local");
        assertThat(server.requests()).isEqualTo(1);
        assertThat(fetcher.socketsOpened()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://example.org/x.png", "jar:file:/a!/b"})
    void shouldNeverFollowRedirectToOtherScheme(String target) {
        // Given file: allowed for direct use, with the whole disk as root
        TestFetchConfig c = TestFetchConfig.allowingLoopbackServer();
        c.roots = List.of(Path.of("/"));
        fetcher(c);

        // When
        FetchFailure failure = failure(fetcher.fetch(redirectTo(target)));

        // Then
        assertThat(failure.reason()).isEqualTo(UNSUPPORTED_SCHEME);
        assertThat(failure.message()).startsWith("redirect to scheme");
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void shouldFollowRedirectsUpToTheCap() {
        // Given
        fetcher(TestFetchConfig.allowingLoopbackServer());

        // When
        FetchResult result = fetcher.fetch(server.uri("/chain/3"));

        // Then
        assertThat(result).isInstanceOf(Fetched.class);
        assertThat(((Fetched) result).finalUri()).isEqualTo(server.uri("/chain/0"));
        assertThat(server.requests()).isEqualTo(4);
    }

    @Test
    void shouldFailWhenRedirectsExceedTheCap() {
        // Given
        fetcher(TestFetchConfig.allowingLoopbackServer());

        // When
        FetchFailure failure = failure(fetcher.fetch(server.uri("/chain/4")));

        // Then
        assertThat(failure.reason()).isEqualTo(FETCH_FAILED);
        assertThat(failure.message())
                .contains("more than 3 times (allow more with fetch.max.redirects)");
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(server.requests()).isEqualTo(4);
    }

    @Test
    void shouldRejectDeclaredContentLengthOverCapWithoutReadingIt() {
        // Given
        TestFetchConfig c = TestFetchConfig.allowingLoopbackServer();
        c.maxBytes = 1024;
        fetcher(c);

        // When
        FetchFailure failure = failure(fetcher.fetch(server.uri("/huge-declared")));

        // Then
        assertThat(failure.reason()).isEqualTo(TOO_LARGE);
        assertThat(failure.message())
                .endsWith("Content-Length 10485760 exceeds fetch.max.bytes=1024");
    }

    @Test
    void shouldCutOffStreamedBodyAtTheCap() {
        // Given an endless chunked body
        TestFetchConfig c = TestFetchConfig.allowingLoopbackServer();
        c.maxBytes = 100_000;
        fetcher(c);

        // When
        long start = System.nanoTime();
        FetchFailure failure = failure(fetcher.fetch(server.uri("/huge-chunked")));

        // Then
        assertThat(failure.reason()).isEqualTo(TOO_LARGE);
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void shouldTimeOutSlowServerWithinTheTotalBudget() {
        // Given a server that answers after 5 s, and a 400 ms budget
        TestFetchConfig c = TestFetchConfig.allowingLoopbackServer();
        c.totalTimeoutMs = 400;
        fetcher(c);

        // When
        long start = System.nanoTime();
        FetchFailure failure = failure(fetcher.fetch(server.uri("/slow")));

        // Then
        assertThat(failure.reason()).isEqualTo(FETCH_TIMEOUT);
        assertThat(failure.message()).contains("fetch.timeout.ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void shouldTimeOutBodyThatDripsForever() {
        // Given a body that sends one byte every 100 ms (no read ever times out on its own)
        TestFetchConfig c = TestFetchConfig.allowingLoopbackServer();
        c.totalTimeoutMs = 600;
        fetcher(c);

        // When
        long start = System.nanoTime();
        FetchFailure failure = failure(fetcher.fetch(server.uri("/drip")));

        // Then
        assertThat(failure.reason()).isEqualTo(FETCH_TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void shouldBoundConcurrentFetchesPerHost() {
        // Given at most 3 fetches per host
        TestFetchConfig c = TestFetchConfig.allowingLoopbackServer();
        c.maxPerHost = 3;
        fetcher(c);

        // When 12 fetches start at once
        List<CompletableFuture<FetchResult>> futures =
                IntStream.range(0, 12)
                        .mapToObj(i -> fetcher.fetchAsync(server.uri("/gate")))
                        .toList();
        List<FetchResult> results = futures.stream().map(CompletableFuture::join).toList();

        // Then
        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(Fetched.class));
        assertThat(server.maxInFlight()).isEqualTo(3);
        assertThat(fetcher.hostsTracked()).isZero();
    }

    @Test
    void shouldBoundConcurrentFetchesAcrossHosts() {
        // Given two names for the loopback server, at most 2 fetches in all
        ScriptedResolver resolver =
                new ScriptedResolver()
                        .answer("a.example", "127.0.0.1")
                        .answer("b.example", "127.0.0.1");
        TestFetchConfig c = TestFetchConfig.allowingLoopbackServer();
        c.maxConcurrency = 2;
        fetcher = new SafeFetcher(c.build(), resolver);

        // When 8 fetches start at once, half per name
        List<CompletableFuture<FetchResult>> futures =
                IntStream.range(0, 8)
                        .mapToObj(i -> (i % 2 == 0 ? "a" : "b") + ".example:" + server.port())
                        .map(h -> fetcher.fetchAsync(URI.create("http://" + h + "/gate")))
                        .toList();

        // Then
        assertThat(futures.stream().map(CompletableFuture::join))
                .allSatisfy(r -> assertThat(r).isInstanceOf(Fetched.class));
        assertThat(server.maxInFlight()).isEqualTo(2);
    }

    private URI redirectTo(String target) {
        return server.uri("/redirect?to=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
    }
}
