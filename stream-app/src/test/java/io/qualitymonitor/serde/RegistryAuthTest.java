package io.qualitymonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.config.RegistryConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry client's authentication, fail-over and schema references against a loopback HTTP
 * server: a registry at {@code /}, an OAuth token endpoint at {@code /token}.
 */
class RegistryAuthTest {
    private HttpServer server;
    private final List<Map<String, String>> registryRequests = new CopyOnWriteArrayList<>();
    private final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile int registryStatus = 200;
    private volatile long tokenLifeSeconds = 3600;
    private final Map<String, String> answers = new HashMap<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/token",
                ex -> {
                    String form =
                            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    tokenRequests.add(
                            ex.getRequestHeaders().getFirst("Authorization") + " " + form);
                    String body =
                            "{\"access_token\":\"tok-"
                                    + tokensIssued.incrementAndGet()
                                    + "\",\"expires_in\":"
                                    + tokenLifeSeconds
                                    + "}";
                    respond(ex, 200, body);
                });
        server.createContext(
                "/",
                ex -> {
                    ex.getRequestBody().readAllBytes();
                    Map<String, String> h = new HashMap<>();
                    ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), v.get(0)));
                    h.put(":path", ex.getRequestURI().getRawPath());
                    registryRequests.add(h);
                    String body = answers.getOrDefault(ex.getRequestURI().getRawPath(), "[]");
                    respond(
                            ex,
                            registryStatus,
                            registryStatus == 200
                                    ? body
                                    : "{\"error_code\":40101,\"message\":\"no\"}");
                });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private static RegistryConfig config(String url, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(more);
        all.put("registry.url", url);
        all.put("registry.retry.backoff.ms", "10");
        return new ConfigLoader(Map.of(), new Properties()).load(null, all).registry();
    }

    @Test
    void shouldSendAStaticBearerTokenWithConfluentCloudsHeadersAndExtraHeaders()
            throws IOException {
        // Given a client with a static token, a logical cluster, a pool and an extra header
        String url = serve();
        RegistryConfig c =
                config(
                        url,
                        Map.of(
                                "registry.bearer.auth.credentials.source", "STATIC_TOKEN",
                                "registry.bearer.auth.token", "abc",
                                "registry.bearer.auth.logical.cluster", "lsrc-1",
                                "registry.bearer.auth.identity.pool.id", "pool-9",
                                "registry.request.header.X-Tenant", "t1"));

        // When it asks for the subjects
        try (SchemaRegistryClient client = new SchemaRegistryClient(c)) {
            client.subjects();
        }

        // Then the request carries them all
        Map<String, String> h = registryRequests.get(0);
        assertThat(h)
                .containsEntry("authorization", "Bearer abc")
                .containsEntry("target-sr-cluster", "lsrc-1")
                .containsEntry("confluent-identity-pool-id", "pool-9")
                .containsEntry("x-tenant", "t1");
    }

    @Test
    void shouldFetchAnOAuthTokenAndFetchAnotherBeforeItExpires() throws IOException {
        // Given OAuth client credentials and tokens that live 2 s (inside the 300 s buffer)
        String url = serve();
        tokenLifeSeconds = 2;
        RegistryConfig c =
                config(
                        url,
                        Map.of(
                                "registry.bearer.auth.credentials.source", "OAUTHBEARER",
                                "registry.bearer.auth.issuer.endpoint.url", url + "/token",
                                "registry.bearer.auth.client.id", "app",
                                "registry.bearer.auth.client.secret", "s:e/c+r",
                                "registry.bearer.auth.scope", "registry"));

        // When it sends two requests, then a third after the token's early refresh time
        try (SchemaRegistryClient client = new SchemaRegistryClient(c)) {
            client.subjects();
            client.subjects();
            sleep(1200);
            client.subjects();
        }

        // Then the first two share one token, the third has a new one
        assertThat(registryRequests)
                .extracting(h -> h.get("authorization"))
                .containsExactly("Bearer tok-1", "Bearer tok-1", "Bearer tok-2");
        assertThat(tokenRequests.get(0))
                .startsWith("Basic ")
                .endsWith("grant_type=client_credentials&scope=registry");
    }

    @Test
    void shouldNameRefusedCredentialsWithoutRetrying() throws IOException {
        // Given a registry that answers 401
        String url = serve();
        registryStatus = 401;
        RegistryConfig c = config(url, Map.of("registry.basic.auth.user.info", "u:wrong"));

        // When / Then one request, a permanent error naming the credentials
        try (SchemaRegistryClient client = new SchemaRegistryClient(c)) {
            assertThatThrownBy(client::subjects)
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("refused the credentials")
                    .satisfies(e -> assertThat(((RegistryException) e).isPermanent()).isTrue())
                    .satisfies(e -> assertThat(((RegistryException) e).isUnreachable()).isFalse());
            assertThat(client.requestsSent()).isEqualTo(1);
        }
    }

    @Test
    void shouldFailOverToTheNextUrlOfTheList() throws IOException {
        // Given a list whose first URL nobody listens on
        String url = serve();
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        RegistryConfig c = config("http://127.0.0.1:" + dead + "," + url, Map.of());

        // When / Then the second one answers, and later requests go straight to it
        try (SchemaRegistryClient client = new SchemaRegistryClient(c)) {
            client.subjects();
            client.subjects();
            assertThat(client.requestsSent()).isEqualTo(3);
            assertThat(client.baseUrl()).isEqualTo(url);
        }
        assertThat(registryRequests).hasSize(2);
    }

    @Test
    void shouldResolveSchemaReferencesThroughTheRegistry() throws IOException {
        // Given schema 7, whose field uses a record of another subject
        String url = serve();
        String device =
                "{\"type\":\"record\",\"name\":\"Device\",\"namespace\":\"io.example\","
                        + "\"fields\":[{\"name\":\"model\",\"type\":\"string\"}]}";
        String upload =
                "{\"type\":\"record\",\"name\":\"Upload\",\"fields\":"
                        + "[{\"name\":\"device\",\"type\":\"io.example.Device\"}]}";
        answers.put(
                "/schemas/ids/7",
                "{\"schema\":"
                        + quote(upload)
                        + ",\"references\":[{\"name\":\"io.example.Device\","
                        + "\"subject\":\"device\",\"version\":1}]}");
        answers.put("/subjects/device/versions/1", "{\"schema\":" + quote(device) + "}");

        // When the schema is fetched twice
        try (SchemaRegistryClient client = new SchemaRegistryClient(config(url, Map.of()))) {
            Schema schema = client.schemaById(7);
            client.schemaById(7);

            // Then the reference resolves, and each schema was asked for once
            assertThat(schema.getField("device").schema().getFullName())
                    .isEqualTo("io.example.Device");
            assertThat(client.requestsSent()).isEqualTo(2);
        }
    }

    @Test
    void shouldRefuseOAuthWithoutClientCredentials() {
        assertThatThrownBy(
                        () ->
                                config(
                                        "http://r",
                                        Map.of(
                                                "registry.bearer.auth.credentials.source",
                                                "OAUTHBEARER")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "setting 'registry.bearer.auth.issuer.endpoint.url' is required when"
                                + " registry.bearer.auth.credentials.source is OAUTHBEARER");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
