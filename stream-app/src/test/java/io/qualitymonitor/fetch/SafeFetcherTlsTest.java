package io.qualitymonitor.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.qualitymonitor.schemas.DeadLetterReason;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS keeps certificate checks on: a self-signed loopback server is refused, not retried. */
class SafeFetcherTlsTest {

    @TempDir Path temp;
    private HttpsServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startSelfSignedServer() throws Exception {
        server =
                HttpsServer.create(
                        new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
        server.setHttpsConfigurator(new HttpsConfigurator(selfSignedContext()));
        server.createContext(
                "/",
                ex -> {
                    requests.incrementAndGet();
                    ex.sendResponseHeaders(200, LoopbackImageServer.PNG.length);
                    ex.getResponseBody().write(LoopbackImageServer.PNG);
                    ex.close();
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldRefuseUntrustedCertificateWithoutRetrying() {
        // Given
        URI uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/image.png");
        try (SafeFetcher fetcher =
                new SafeFetcher(
                        TestFetchConfig.allowingLoopbackServer().build(), new ScriptedResolver())) {

            // When
            FetchResult result = fetcher.fetch(uri);

            // Then
            assertThat(result).isInstanceOf(FetchFailure.class);
            FetchFailure failure = (FetchFailure) result;
            assertThat(failure.reason()).isEqualTo(DeadLetterReason.FETCH_FAILED);
            assertThat(failure.message()).containsIgnoringCase("certification path");
            assertThat(failure.attempts()).isEqualTo(1);
            assertThat(fetcher.socketsOpened()).isEqualTo(1);
            assertThat(requests.get()).isZero();
        }
    }

    // keytool ships with every JDK; the JDK has no public API to create a certificate.
    private SSLContext selfSignedContext() throws Exception {
        Path store = temp.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p =
                new ProcessBuilder(
                                keytool.toString(),
                                "-genkeypair",
                                "-alias",
                                "qm",
                                "-keyalg",
                                "EC",
                                "-dname",
                                "CN=127.0.0.1",
                                "-ext",
                                "SAN=ip:127.0.0.1",
                                "-validity",
                                "2",
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                store.toString(),
                                "-storepass",
                                "changeit",
                                "-keypass",
                                "changeit")
                        .redirectErrorStream(true)
                        .start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
