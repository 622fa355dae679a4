package io.qualitymonitor.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qualitymonitor.config.BearerAuthConfig;
import io.qualitymonitor.config.RegistryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Returns the headers that authenticate a registry request, as Confluent's clients send them: basic
 * auth from {@code registry.basic.auth.user.info} (or the URL's user info), a static bearer token,
 * or an OAuth client-credentials token fetched from the issuer and fetched again shortly before it
 * expires; Confluent Cloud's {@code target-sr-cluster} and {@code Confluent-Identity-Pool-Id}, and
 * the configured extra headers. Thread-safe.
 */
final class RegistryAuth {
    private final RegistryConfig config;
    private final HttpClient http;
    private final ObjectMapper json;
    private String token;
    private Instant refreshAt = Instant.MIN;

    RegistryAuth(RegistryConfig config, HttpClient http, ObjectMapper json) {
        this.config = config;
        this.http = http;
        this.json = json;
    }

    /** Returns the headers for a request to {@code baseUrl} (which may hold user info). */
    Map<String, String> headers(URI baseUrl) {
        Map<String, String> h = new LinkedHashMap<>(config.requestHeaders());
        BearerAuthConfig bearer = config.bearer();
        if (bearer.enabled()) {
            h.put("Authorization", "Bearer " + bearerToken(bearer));
            if (bearer.logicalCluster() != null) {
                h.put("target-sr-cluster", bearer.logicalCluster());
            }
            if (bearer.identityPoolId() != null) {
                h.put("Confluent-Identity-Pool-Id", bearer.identityPoolId());
            }
        } else {
            String userInfo = config.basicAuthUserInfo();
            if (userInfo == null && baseUrl.getRawUserInfo() != null) {
                userInfo = URLDecoder.decode(baseUrl.getRawUserInfo(), StandardCharsets.UTF_8);
            }
            if (userInfo != null) {
                h.put("Authorization", basic(userInfo));
            }
        }
        return h;
    }

    private static String basic(String userInfo) {
        return "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized String bearerToken(BearerAuthConfig bearer) {
        if (BearerAuthConfig.STATIC_TOKEN.equals(bearer.source())) {
            return bearer.token();
        }
        if (token == null || !Instant.now().isBefore(refreshAt)) {
            fetchToken(bearer);
        }
        return token;
    }

    /** Exchanges the client credentials for a token (OAuth 2 client-credentials grant). */
    private void fetchToken(BearerAuthConfig b) {
        String form =
                "grant_type=client_credentials"
                        + (b.scope() == null ? "" : "&scope=" + encode(b.scope()));
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(b.issuerEndpointUrl()))
                        .timeout(config.requestTimeout())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .header(
                                "Authorization",
                                basic(encode(b.clientId()) + ":" + encode(b.clientSecret())))
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build();
        String what = "the OAuth token endpoint " + b.issuerEndpointUrl();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RegistryException("cannot reach " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while asking " + what + " for a token", e);
        }
        int status = response.statusCode();
        JsonNode answer = null;
        try {
            answer = json.readTree(response.body());
        } catch (IOException e) {
            // reported below: no token in the answer
        }
        if (status != 200 || answer == null || !answer.hasNonNull("access_token")) {
            // the issuer refused the client credentials: retrying cannot help
            throw RegistryException.permanent(
                    status,
                    what
                            + " answered HTTP "
                            + status
                            + " without an access token"
                            + " (check registry.bearer.auth.client.id and .client.secret)");
        }
        token = answer.get("access_token").asText();
        long expiresIn = answer.path("expires_in").asLong(3600);
        Duration life = Duration.ofSeconds(expiresIn);
        Duration early =
                life.compareTo(b.expiryBuffer()) > 0 ? b.expiryBuffer() : life.dividedBy(2);
        refreshAt = Instant.now().plus(life).minus(early);
    }

    /** Forgets the OAuth token, so that the next request fetches a new one (after a 401). */
    synchronized void invalidate() {
        token = null;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
