package io.qualitymonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.config.RegistryConfig;
import io.qualitymonitor.schemas.ImageUpload;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs the client against a tiny loopback HTTP server that answers what each test scripts. */
class SchemaRegistryClientTest {
    private HttpServer server;
    private final List<HttpExchangeRecord> seen = new CopyOnWriteArrayList<>();

    private record HttpExchangeRecord(String method, String path, Map<String, String> headers) {}

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Starts a server whose n-th answer (0-based) is {@code answers[min(n, last)]}. */
    private String serve(String... answers) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    record(exchange);
                    int n = Math.min(calls.getAndIncrement(), answers.length - 1);
                    String[] statusAndBody = answers[n].split(" ", 2);
                    byte[] body = statusAndBody[1].getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(Integer.parseInt(statusAndBody[0]), body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private void record(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        seen.add(
                new HttpExchangeRecord(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        headers));
    }

    private static RegistryConfig config(String url, Map<String, String> more) {
        Map<String, String> overrides = new HashMap<>(more);
        overrides.put("registry.url", url);
        overrides.put("registry.retry.backoff.ms", "10");
        return new ConfigLoader(Map.of(), new Properties()).load(null, overrides).registry();
    }

    @Test
    void shouldRetryServerErrorsWithBackoffUntilTheRegistryAnswers() throws IOException {
        // Given a registry that answers 503 twice, then the id
        String url =
                serve(
                        "503 {\"error_code\":50301,\"message\":\"busy\"}",
                        "503 busy",
                        "200 {\"id\":7}");

        // When a schema is registered with up to 3 retries
        try (SchemaRegistryClient client = new SchemaRegistryClient(config(url, Map.of()))) {
            int id = client.register("uploads-value", ImageUpload.getClassSchema());

            // Then the third attempt's answer counts
            assertThat(id).isEqualTo(7);
            assertThat(seen).hasSize(3);
            assertThat(client.requestsSent()).isEqualTo(3);
        }
    }

    @Test
    void shouldGiveUpAfterMaxRetriesNamingTheLastStatus() throws IOException {
        // Given a registry that always answers 503 and a client allowed 2 retries
        String url = serve("503 {\"error_code\":50301,\"message\":\"store unavailable\"}");
        RegistryConfig config = config(url, Map.of("registry.max.retries", "2"));

        // When / Then
        try (SchemaRegistryClient client = new SchemaRegistryClient(config)) {
            assertThatThrownBy(() -> client.schemaById(3))
                    .isInstanceOf(RegistryException.class)
                    .hasMessage(
                            "schema registry answered HTTP 503 (error_code 50301) to GET"
                                    + " /schemas/ids/3 after 3 attempts: store unavailable");
            assertThat(seen).hasSize(3);
        }
    }

    @Test
    void shouldFailAtOnceOnAClientErrorWithStatusCodeAndMessage() throws IOException {
        // Given a registry that refuses the schema as incompatible
        String url =
                serve(
                        "409 {\"error_code\":409,\"message\":\"Schema being registered is"
                                + " incompatible\\nwith an earlier schema\"}");

        // When / Then
        try (SchemaRegistryClient client = new SchemaRegistryClient(config(url, Map.of()))) {
            assertThatThrownBy(() -> client.register("a b/c", ImageUpload.getClassSchema()))
                    .isInstanceOf(RegistryException.class)
                    .hasMessage(
                            "schema registry answered HTTP 409 (error_code 409) to POST"
                                    + " /subjects/a%20b%2Fc/versions: Schema being registered is"
                                    + " incompatible with an earlier schema")
                    .satisfies(e -> assertThat(((RegistryException) e).errorCode()).isEqualTo(409));
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0).path()).isEqualTo("/subjects/a%20b%2Fc/versions");
        }
    }

    @Test
    void shouldSendBasicAuthAndTheRegistryMediaType() throws IOException {
        // Given a client with basic-auth credentials
        String url = serve("200 {\"id\":1}");
        RegistryConfig config =
                config(url, Map.of("registry.basic.auth.user.info", "alice:s3cret"));

        // When it registers a schema
        try (SchemaRegistryClient client = new SchemaRegistryClient(config)) {
            client.register("uploads-value", ImageUpload.getClassSchema());
        }

        // Then the request carries both headers
        Map<String, String> headers = seen.get(0).headers();
        assertThat(headers.get("authorization")).isEqualTo("Basic YWxpY2U6czNjcmV0");
        assertThat(headers.get("content-type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(seen.get(0).method()).isEqualTo("POST");
    }

    @Test
    void shouldReportAnUnreachableRegistryAfterRetrying() throws IOException {
        // Given a port nobody listens on
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RegistryConfig config =
                config("http://127.0.0.1:" + port, Map.of("registry.max.retries", "1"));

        // When / Then
        try (SchemaRegistryClient client = new SchemaRegistryClient(config)) {
            assertThatThrownBy(() -> client.subjects())
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("unreachable for GET /subjects after 2 attempt(s)")
                    .satisfies(
                            e ->
                                    assertThat(((RegistryException) e).status())
                                            .isEqualTo(RegistryException.NO_RESPONSE));
            assertThat(client.requestsSent()).isEqualTo(2);
        }
    }
}
