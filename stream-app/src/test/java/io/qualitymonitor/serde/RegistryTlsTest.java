package io.qualitymonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.config.RegistryConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the client against a loopback HTTPS server. The key material under {@code /tls} is a
 * self-signed test certificate for 127.0.0.1, made with {@code keytool -genkeypair -keyalg EC -ext
 * san=ip:127.0.0.1 -validity 36500 -keystore identity.p12}, exported and imported into {@code
 * truststore.p12}; both stores use the password {@code changeit}.
 */
class RegistryTlsTest {
    private static final String PASSWORD = "changeit";
    private HttpsServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String store(String name) throws URISyntaxException {
        return Path.of(RegistryTlsTest.class.getResource("/tls/" + name).toURI()).toString();
    }

    private static RegistryConfig config(String url, Map<String, String> more) {
        Map<String, String> overrides = new HashMap<>(more);
        overrides.put("registry.url", url);
        overrides.putIfAbsent("registry.max.retries", "0");
        return new ConfigLoader(Map.of(), new Properties()).load(null, overrides).registry();
    }

    private static Map<String, String> trust() throws URISyntaxException {
        return Map.of(
                "registry.ssl.truststore.location",
                store("truststore.p12"),
                "registry.ssl.truststore.password",
                PASSWORD);
    }

    /** Starts an HTTPS server with the test identity that answers every request with subjects. */
    private String serveHttps(boolean needClientCertificate) throws Exception {
        Map<String, String> both = new HashMap<>(trust());
        both.put("registry.ssl.keystore.location", store("identity.p12"));
        both.put("registry.ssl.keystore.password", PASSWORD);
        SSLContext context = RegistryTls.contextFor(config("https://127.0.0.1", both));
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(
                new HttpsConfigurator(context) {
                    @Override
                    public void configure(HttpsParameters params) {
                        SSLParameters ssl = context.getDefaultSSLParameters();
                        ssl.setNeedClientAuth(needClientCertificate);
                        params.setSSLParameters(ssl);
                    }
                });
        server.createContext(
                "/",
                exchange -> {
                    byte[] body = "[\"uploads-value\"]".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void shouldTalkToARegistryCertifiedByTheConfiguredTruststore() throws Exception {
        // Given an HTTPS registry with a self-signed certificate
        String url = serveHttps(false);

        // When / Then a client trusting it gets an answer; one with the JDK's trust fails at
        // once (retries allowed, none made) with a permanent error naming the TLS handshake
        Map<String, String> retrying = Map.of("registry.max.retries", "3");
        try (SchemaRegistryClient trusting = new SchemaRegistryClient(config(url, trust()));
                SchemaRegistryClient defaults = new SchemaRegistryClient(config(url, retrying))) {
            assertThat(trusting.subjects()).containsExactly("uploads-value");
            assertThatThrownBy(defaults::subjects)
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("TLS handshake with the schema registry")
                    .hasMessageContaining("registry.ssl.truststore")
                    .satisfies(e -> assertThat(((RegistryException) e).isPermanent()).isTrue());
            assertThat(defaults.requestsSent()).isEqualTo(1);
        }
    }

    @Test
    void shouldPresentTheConfiguredClientCertificate() throws Exception {
        // Given an HTTPS registry that demands a client certificate
        String url = serveHttps(true);
        Map<String, String> withIdentity = new HashMap<>(trust());
        withIdentity.put("registry.ssl.keystore.location", store("identity.p12"));
        withIdentity.put("registry.ssl.keystore.password", PASSWORD);

        // When / Then only the client with a keystore gets in
        try (SchemaRegistryClient identified = new SchemaRegistryClient(config(url, withIdentity));
                SchemaRegistryClient anonymous = new SchemaRegistryClient(config(url, trust()))) {
            assertThat(identified.subjects()).containsExactly("uploads-value");
            assertThatThrownBy(anonymous::subjects).isInstanceOf(RegistryException.class);
        }
    }

    @Test
    void shouldNameTheSettingWhenTheTruststoreCannotBeRead() {
        // Given a truststore path that does not exist
        RegistryConfig config =
                config(
                        "https://127.0.0.1:1",
                        Map.of("registry.ssl.truststore.location", "/nonexistent/trust.p12"));

        // When / Then
        assertThatThrownBy(() -> new SchemaRegistryClient(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("setting 'registry.ssl.truststore.location'")
                .hasMessageContaining("/nonexistent/trust.p12");
    }

    @Test
    void shouldRejectARegistryUrlListWithAnUrlThatIsNotHttp() {
        // Given Confluent's comma-separated fail-over list with one FTP URL in it
        RegistryConfig config = config("http://a:8081, ftp://b:8081", Map.of());

        // When / Then
        assertThatThrownBy(() -> new SchemaRegistryClient(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "setting 'registry.url' must be http(s) URLs separated by commas, got"
                                + " 'http://a:8081, ftp://b:8081'");
    }
}
