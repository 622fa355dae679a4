package io.qualitymonitor.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.schemas.DeadLetterReason;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proves that refused addresses are refused before any socket is opened. Loopback forms point at
 * the test server's port, so a leak would show up as a request there; the other addresses are never
 * contacted because the fetcher opens no socket at all (counted).
 */
class SafeFetcherAddressBlockTest {

    private LoopbackImageServer server;
    private ScriptedResolver resolver;
    private SafeFetcher fetcher;

    @BeforeEach
    void startServer() throws Exception {
        server = new LoopbackImageServer();
        resolver = new ScriptedResolver();
    }

    @AfterEach
    void stop() {
        if (fetcher != null) {
            fetcher.close();
        }
        server.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:PORT/image.png",
                "http://127.0.0.2:PORT/image.png",
                "http://localhost:PORT/image.png",
                "http://LOCALHOST.:PORT/image.png",
                "http://[::1]:PORT/image.png",
                "http://[::ffff:127.0.0.1]:PORT/image.png",
                "http://[0:0:0:0:0:ffff:7f00:1]:PORT/image.png",
                "http://[::127.0.0.1]:PORT/image.png",
                "http://2130706433:PORT/image.png",
                "http://0177.0.0.1:PORT/image.png",
                "http://0x7f.1:PORT/image.png",
                "http://0x7f000001:PORT/image.png",
                "http://127.1:PORT/image.png",
                "http://127.0.0.1.:PORT/image.png",
                "http://0.0.0.0:PORT/image.png",
                "http://[::]:PORT/image.png",
                "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "http://[::ffff:169.254.169.254]/latest/meta-data/",
                "http://metadata.google.internal/computeMetadata/v1/",
                "http://metadata/computeMetadata/v1/",
                "http://instance-data/latest/meta-data/",
                "http://100.100.100.200/latest/meta-data/",
                "http://[fd00:ec2::254]/latest/meta-data/",
                "http://10.0.0.1/image.png",
                "http://172.16.0.1/image.png",
                "http://192.168.1.1/image.png",
                "http://100.64.0.1/image.png",
                "http://[fe80::1]/image.png",
                "http://[fc00::1]/image.png",
                "http://224.0.0.1/image.png",
                "http://[64:ff9b::a00:1]/image.png",
                "http://[2002:c0a8:101::1]/image.png",
                "https://192.168.1.1/image.png"
            })
    void shouldRefuseInternalAddressBeforeConnecting(String template) {
        // Given a fetcher with the default, empty allow-list
        fetcher = new SafeFetcher(new TestFetchConfig().build(), resolver);
        URI uri = URI.create(template.replace("PORT", Integer.toString(server.port())));

        // When
        FetchResult result = fetcher.fetch(uri);

        // Then
        assertThat(result)
                .isInstanceOfSatisfying(
                        FetchFailure.class,
                        f -> assertThat(f.reason()).isEqualTo(DeadLetterReason.BLOCKED_ADDRESS));
        assertThat(fetcher.socketsOpened()).isZero();
        assertThat(server.requests()).isZero();
        assertThat(resolver.lookups()).isEmpty();
    }

    @Test
    void shouldRefuseHostNameThatResolvesToPrivateAddress() {
        // Given a public-looking name whose DNS answer is private
        resolver.answer("images.example", "10.1.2.3");
        fetcher = new SafeFetcher(new TestFetchConfig().build(), resolver);

        // When
        FetchResult result = fetcher.fetch(URI.create("http://images.example/cat.png"));

        // Then
        assertThat(result).isInstanceOf(FetchFailure.class);
        FetchFailure failure = (FetchFailure) result;
        assertThat(failure.reason()).isEqualTo(DeadLetterReason.BLOCKED_ADDRESS);
        assertThat(failure.message()).contains("images.example", "10.1.2.3", "private");
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(resolver.lookups()).containsExactly("images.example");
        assertThat(fetcher.socketsOpened()).isZero();
    }

    @Test
    void shouldRefuseHostWhenAnyResolvedAddressIsInternal() {
        // Given a name with one public and one loopback address
        resolver.answer("mixed.example", "93.184.216.34", "127.0.0.1");
        fetcher = new SafeFetcher(new TestFetchConfig().build(), resolver);

        // When
        FetchResult result = fetcher.fetch(URI.create("http://mixed.example/cat.png"));

        // Then
        assertThat(((FetchFailure) result).reason()).isEqualTo(DeadLetterReason.BLOCKED_ADDRESS);
        assertThat(fetcher.socketsOpened()).isZero();
    }

    @Test
    void shouldConnectToTheAddressThatWasCheckedWhenDnsRebinds() {
        // Given a name that answers loopback (allowed) once, then the metadata address
        resolver.answer("rebind.example", "127.0.0.1").answer("rebind.example", "169.254.169.254");
        fetcher = new SafeFetcher(TestFetchConfig.allowingLoopbackServer().build(), resolver);
        URI uri = URI.create("http://rebind.example:" + server.port() + "/image.png");

        // When
        FetchResult result = fetcher.fetch(uri);

        // Then the name was looked up once and the connection used that checked answer
        assertThat(result).isInstanceOf(Fetched.class);
        assertThat(((Fetched) result).bytes()).isEqualTo(LoopbackImageServer.PNG);
        assertThat(resolver.lookups()).containsExactly("rebind.example");
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void shouldRefuseNextConnectionWhenTheNameNowResolvesToMetadata() {
        // Given the rebinding name, and a second fetcher (fresh pool) after the answer changed
        resolver.answer("rebind.example", "127.0.0.1").answer("rebind.example", "169.254.169.254");
        URI uri = URI.create("http://rebind.example:" + server.port() + "/image.png");
        try (SafeFetcher first =
                new SafeFetcher(TestFetchConfig.allowingLoopbackServer().build(), resolver)) {
            assertThat(first.fetch(uri)).isInstanceOf(Fetched.class);
        }
        fetcher = new SafeFetcher(TestFetchConfig.allowingLoopbackServer().build(), resolver);

        // When
        FetchResult result = fetcher.fetch(uri);

        // Then
        assertThat(((FetchFailure) result).reason()).isEqualTo(DeadLetterReason.BLOCKED_ADDRESS);
        assertThat(((FetchFailure) result).message()).contains("169.254.169.254");
        assertThat(fetcher.socketsOpened()).isZero();
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void shouldFetchInternalHostListedByNameInAllowList() {
        // Given an internal CDN name listed in fetch.allow.hosts
        resolver.answer("cdn.internal", "127.0.0.1");
        TestFetchConfig c = new TestFetchConfig();
        c.allowHosts = List.of("*.internal:*");
        fetcher = new SafeFetcher(c.build(), resolver);

        // When
        FetchResult result =
                fetcher.fetch(URI.create("http://cdn.internal:" + server.port() + "/image.png"));

        // Then
        assertThat(result).isInstanceOf(Fetched.class);
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void shouldFetchLocalhostWhenItsAddressIsListed() {
        // Given 127.0.0.1 listed, and localhost answering it and ::1 (where nothing listens)
        resolver.answer("localhost", "127.0.0.1", "::1");
        fetcher = new SafeFetcher(TestFetchConfig.allowingLoopbackServer().build(), resolver);

        // When
        FetchResult result =
                fetcher.fetch(URI.create("http://localhost:" + server.port() + "/image.png"));

        // Then
        assertThat(result).isInstanceOf(Fetched.class);
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void shouldFetchTheAddressOfAListedNameAndRecheckEveryRedirect() {
        // Given localhost listed by name
        resolver.answer("localhost", "127.0.0.1");
        TestFetchConfig c = new TestFetchConfig();
        c.allowHosts = List.of("localhost:*");
        fetcher = new SafeFetcher(c.build(), resolver);
        String base = "http://127.0.0.1:" + server.port();

        // When its address is fetched, and when it redirects to another internal address
        FetchResult direct = fetcher.fetch(URI.create(base + "/image.png"));
        FetchResult redirected =
                fetcher.fetch(
                        URI.create(
                                base
                                        + "/redirect?to="
                                        + URLEncoder.encode(
                                                "http://10.0.0.1/x.png", StandardCharsets.UTF_8)));

        // Then the first is fetched and the redirect's target refused, naming the setting
        assertThat(direct).isInstanceOf(Fetched.class);
        FetchFailure failure = (FetchFailure) redirected;
        assertThat(failure.reason()).isEqualTo(DeadLetterReason.BLOCKED_ADDRESS);
        assertThat(failure.message())
                .isEqualTo("10.0.0.1: refused, private; allow it with fetch.allow.hosts");
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void shouldAllowAnInternalHostOnlyOnThePortItsEntryNames() throws Exception {
        // Given 127.0.0.1 listed without a port, and again with the test server's port
        String url = "http://127.0.0.1:" + server.port() + "/image.png";
        TestFetchConfig hostOnly = new TestFetchConfig();
        hostOnly.allowHosts = List.of("127.0.0.1");
        TestFetchConfig withPort = new TestFetchConfig();
        withPort.allowHosts = List.of("127.0.0.1:" + server.port());

        // When the server's port is fetched under each
        FetchResult refused;
        try (SafeFetcher f = new SafeFetcher(hostOnly.build(), resolver)) {
            refused = f.fetch(URI.create(url));
            assertThat(f.socketsOpened()).isZero();
        }
        fetcher = new SafeFetcher(withPort.build(), resolver);
        FetchResult fetched = fetcher.fetch(URI.create(url));

        // Then the host-only entry (ports 80 and 443) refuses it before connecting, naming the fix
        FetchFailure failure = (FetchFailure) refused;
        assertThat(failure.reason()).isEqualTo(DeadLetterReason.BLOCKED_ADDRESS);
        assertThat(failure.message())
                .isEqualTo(
                        "127.0.0.1: refused, loopback; allow it with fetch.allow.hosts as 127.0.0.1:"
                                + server.port()
                                + " (an entry without a port allows ports 80 and 443 only)");
        assertThat(fetched).isInstanceOf(Fetched.class);
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void shouldRefuseARedirectToAnotherPortOfAnAllowedHost() {
        // Given only the test server's port allowed
        TestFetchConfig c = new TestFetchConfig();
        c.allowHosts = List.of("127.0.0.1:" + server.port());
        fetcher = new SafeFetcher(c.build(), resolver);
        String target = "http://127.0.0.1:6379/x.png";

        // When it redirects to another port of the same host
        FetchResult result =
                fetcher.fetch(
                        URI.create(
                                "http://127.0.0.1:"
                                        + server.port()
                                        + "/redirect?to="
                                        + URLEncoder.encode(target, StandardCharsets.UTF_8)));

        // Then the hop is refused before a second socket is opened
        FetchFailure failure = (FetchFailure) result;
        assertThat(failure.reason()).isEqualTo(DeadLetterReason.BLOCKED_ADDRESS);
        assertThat(failure.message()).contains("as 127.0.0.1:6379");
        assertThat(fetcher.socketsOpened()).isEqualTo(1);
        assertThat(server.requests()).isEqualTo(1);
    }
}
