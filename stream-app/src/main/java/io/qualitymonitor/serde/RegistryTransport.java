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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * Sends JSON requests to the registry: media type, authentication ({@link RegistryAuth}), TLS, and
 * retries with exponential backoff on 5xx answers and connection errors, going on to the next URL
 * of the list when one cannot be reached; a 4xx answer or a failed TLS handshake fails at once.
 */
final class RegistryTransport implements AutoCloseable {
    static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final int MAX_BODY_IN_MESSAGE = 200;
    private static final long MAX_BACKOFF_MS = 10_000;

    private final List<URI> baseUrls;
    private final AtomicInteger current = new AtomicInteger();
    private final HttpClient http;
    private final RegistryAuth auth;
    private final Duration timeout;
    private final int maxRetries;
    private final Duration backoff;
    private final ObjectMapper json;
    private final AtomicLong requestsSent = new AtomicLong();

    RegistryTransport(RegistryConfig config, ObjectMapper json) {
        this.baseUrls = config.urls().stream().map(u -> checkedUrl(u, config.url())).toList();
        if (baseUrls.isEmpty()) {
            throw new ConfigException("setting 'registry.url' names no URL");
        }
        HttpClient.Builder builder =
                HttpClient.newBuilder().connectTimeout(config.requestTimeout());
        SSLContext tls = RegistryTls.contextFor(config);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.auth = new RegistryAuth(config, http, json);
        this.timeout = config.requestTimeout();
        this.maxRetries = config.maxRetries();
        this.backoff = config.retryBackoff();
        this.json = json;
    }

    private static URI checkedUrl(String url, String setting) {
        String trimmed = url.replaceAll("/+$", "");
        try {
            URI uri = new URI(trimmed);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException(
                "setting 'registry.url' must be http(s) URLs separated by commas, got '"
                        + setting
                        + "'");
    }

    /** Returns the URL requests go to now, without a trailing slash or user info. */
    String baseUrl() {
        return shown(baseUrls.get(current.get()));
    }

    long requestsSent() {
        return requestsSent.get();
    }

    /** Returns the parsed JSON answer of {@code method path}; {@code body} may be null. */
    JsonNode send(String method, String path, JsonNode body) {
        for (int attempt = 0; ; attempt++) {
            int index = current.get();
            URI base = baseUrls.get(index);
            try {
                requestsSent.incrementAndGet();
                HttpResponse<String> response =
                        http.send(
                                request(base, method, path, body),
                                HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status < 300) {
                    return parse(method, path, response.body());
                }
                if (status == 401) {
                    auth.invalidate(); // an expired OAuth token is fetched again next time
                }
                if (status < 500 || attempt >= maxRetries) {
                    throw refused(base, method, path, status, response.body(), attempt + 1);
                }
            } catch (SSLHandshakeException e) {
                throw RegistryException.permanent(
                        String.format(
                                "TLS handshake with the schema registry %s failed (check"
                                        + " registry.ssl.truststore.*): %s",
                                shown(base), e.getMessage()),
                        e);
            } catch (IOException e) {
                // fail over: the next request goes to the next URL of the list
                current.compareAndSet(index, (index + 1) % baseUrls.size());
                if (attempt >= maxRetries) {
                    throw new RegistryException(
                            String.format(
                                    "schema registry %s unreachable for %s %s after %d attempt(s):"
                                            + " %s",
                                    String.join(
                                            ", ",
                                            baseUrls.stream()
                                                    .map(RegistryTransport::shown)
                                                    .toList()),
                                    method,
                                    path,
                                    attempt + 1,
                                    e),
                            e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException("interrupted during " + method + " " + path, e);
            }
            pause(attempt, method, path);
        }
    }

    private HttpRequest request(URI base, String method, String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher =
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString());
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(withoutUserInfo(base) + path))
                        .timeout(timeout)
                        .header("Accept", MEDIA_TYPE + ", application/json")
                        .method(method, publisher);
        if (body != null) {
            builder.header("Content-Type", MEDIA_TYPE);
        }
        auth.headers(base).forEach(builder::header);
        return builder.build();
    }

    private static String withoutUserInfo(URI u) {
        if (u.getRawUserInfo() == null) {
            return u.toString();
        }
        return u.toString().replace(u.getRawUserInfo() + "@", "");
    }

    /** Returns the URL as logs and messages show it: without user info (a password). */
    private static String shown(URI u) {
        return withoutUserInfo(u);
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
            URI base, String method, String path, int status, String body, int attempts) {
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
        String what =
                status == 401 || status == 403
                        ? "schema registry "
                                + shown(base)
                                + " refused the credentials"
                                + " (check registry.basic.auth.* / registry.bearer.auth.*):"
                                + " answered"
                        : "schema registry answered";
        return new RegistryException(
                status,
                errorCode,
                String.format(
                        "%s HTTP %d (error_code %d) to %s %s%s: %s",
                        what, status, errorCode, method, path, retried, oneLine));
    }

    @Override
    public void close() {
        http.close();
    }
}
