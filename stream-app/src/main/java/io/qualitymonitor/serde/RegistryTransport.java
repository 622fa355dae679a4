package io.qualitymonitor.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.config.RegistryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * Sends JSON requests to the registry: media type, basic auth, TLS, and retries with exponential
 * backoff on 5xx answers and connection errors; a 4xx answer fails at once.
 */
final class RegistryTransport implements AutoCloseable {
    static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final int MAX_BODY_IN_MESSAGE = 200;
    private static final long MAX_BACKOFF_MS = 10_000;

    private final String baseUrl;
    private final HttpClient http;
    private final String authorization;
    private final Duration timeout;
    private final int maxRetries;
    private final Duration backoff;
    private final ObjectMapper json;
    private final AtomicLong requestsSent = new AtomicLong();

    RegistryTransport(RegistryConfig config, ObjectMapper json) {
        this.baseUrl = checkedUrl(config.url());
        HttpClient.Builder builder =
                HttpClient.newBuilder().connectTimeout(config.requestTimeout());
        SSLContext tls = RegistryTls.contextFor(config);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.authorization =
                config.basicAuthUserInfo() == null
                        ? null
                        : "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                config.basicAuthUserInfo()
                                                        .getBytes(StandardCharsets.UTF_8));
        this.timeout = config.requestTimeout();
        this.maxRetries = config.maxRetries();
        this.backoff = config.retryBackoff();
        this.json = json;
    }

    private static String checkedUrl(String url) {
        String trimmed = url.replaceAll("/+$", "");
        try {
            URI uri = new URI(trimmed);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null) {
                return trimmed;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException(
                "setting 'registry.url' must be one http(s) URL, got '" + url + "'");
    }

    String baseUrl() {
        return baseUrl;
    }

    long requestsSent() {
        return requestsSent.get();
    }

    /** Returns the parsed JSON answer of {@code method path}; {@code body} may be null. */
    JsonNode send(String method, String path, JsonNode body) {
        HttpRequest request = request(method, path, body);
        for (int attempt = 0; ; attempt++) {
            try {
                requestsSent.incrementAndGet();
                HttpResponse<String> response =
                        http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status < 300) {
                    return parse(method, path, response.body());
                }
                if (status < 500 || attempt >= maxRetries) {
                    throw refused(method, path, status, response.body(), attempt + 1);
                }
            } catch (IOException e) {
                if (attempt >= maxRetries) {
                    throw new RegistryException(
                            String.format(
                                    "schema registry %s unreachable for %s %s after %d attempt(s):"
                                            + " %s",
                                    baseUrl, method, path, attempt + 1, e),
                            e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException("interrupted during " + method + " " + path, e);
            }
            pause(attempt, method, path);
        }
    }

    private HttpRequest request(String method, String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher =
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString());
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(timeout)
                        .header("Accept", MEDIA_TYPE + ", application/json")
                        .method(method, publisher);
        if (body != null) {
            builder.header("Content-Type", MEDIA_TYPE);
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    private void pause(int attempt, String method, String path) {
        long millis = Math.min(MAX_BACKOFF_MS, backoff.toMillis() << Math.min(attempt, 20));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted during " + method + " " + path, e);
        }
    }

    private JsonNode parse(String method, String path, String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new RegistryException(
                    200, -1, "schema registry sent no JSON for " + method + " " + path);
        }
    }

    private RegistryException refused(
            String method, String path, int status, String body, int attempts) {
        int errorCode = -1;
        String message = body;
        try {
            JsonNode error = json.readTree(body);
            if (error != null && error.isObject()) {
                errorCode = error.path("error_code").asInt(-1);
                message = error.path("message").asText(body);
            }
        } catch (JsonProcessingException e) {
            // Not JSON (a proxy's HTML page, say): report the raw body, shortened.
        }
        String oneLine = message == null ? "" : message.replaceAll("\\s+", " ").strip();
        if (oneLine.length() > MAX_BODY_IN_MESSAGE) {
            oneLine = oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "...";
        }
        String retried = attempts > 1 ? " after " + attempts + " attempts" : "";
        return new RegistryException(
                status,
                errorCode,
                String.format(
                        "schema registry answered HTTP %d (error_code %d) to %s %s%s: %s",
                        status, errorCode, method, path, retried, oneLine));
    }

    @Override
    public void close() {
        http.close();
    }
}
