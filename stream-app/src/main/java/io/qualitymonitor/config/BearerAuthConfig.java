package io.qualitymonitor.config;

import java.time.Duration;
import java.util.Locale;

/**
 * Returns the bearer-token settings of the Schema Registry client, named as Confluent's clients
 * name them ({@code bearer.auth.*}): a static token, or OAuth client credentials exchanged at a
 * token endpoint and refreshed before they expire.
 *
 * @param source {@code NONE}, {@code STATIC_TOKEN} or {@code OAUTHBEARER}
 * @param logicalCluster sent as {@code target-sr-cluster} (Confluent Cloud's registry id), or null
 * @param identityPoolId sent as {@code Confluent-Identity-Pool-Id}, or null
 * @param expiryBuffer how long before its expiry an OAuth token is fetched again
 */
public record BearerAuthConfig(
        String source,
        String token,
        String issuerEndpointUrl,
        String clientId,
        String clientSecret,
        String scope,
        String logicalCluster,
        String identityPoolId,
        Duration expiryBuffer) {

    /** No bearer authentication. */
    public static final String NONE = "NONE";

    /** A fixed token from {@code registry.bearer.auth.token}. */
    public static final String STATIC_TOKEN = "STATIC_TOKEN";

    /** Tokens from an OAuth 2 client-credentials exchange. */
    public static final String OAUTHBEARER = "OAUTHBEARER";

    static BearerAuthConfig from(RawConfig c) {
        String source =
                c.getString("registry.bearer.auth.credentials.source")
                        .trim()
                        .toUpperCase(Locale.ROOT);
        BearerAuthConfig b =
                new BearerAuthConfig(
                        source.isEmpty() ? NONE : source,
                        c.get("registry.bearer.auth.token"),
                        c.get("registry.bearer.auth.issuer.endpoint.url"),
                        c.get("registry.bearer.auth.client.id"),
                        c.get("registry.bearer.auth.client.secret"),
                        c.get("registry.bearer.auth.scope"),
                        c.get("registry.bearer.auth.logical.cluster"),
                        c.get("registry.bearer.auth.identity.pool.id"),
                        Duration.ofSeconds(
                                c.getLong("registry.bearer.auth.cache.expiry.buffer.seconds")));
        b.check();
        return b;
    }

    /** Returns true when requests carry a bearer token. */
    public boolean enabled() {
        return !NONE.equals(source);
    }

    private void check() {
        switch (source) {
            case NONE -> {}
            case STATIC_TOKEN -> need("registry.bearer.auth.token", token);
            case OAUTHBEARER -> {
                need("registry.bearer.auth.issuer.endpoint.url", issuerEndpointUrl);
                need("registry.bearer.auth.client.id", clientId);
                need("registry.bearer.auth.client.secret", clientSecret);
            }
            default ->
                    throw new ConfigException(
                            "setting 'registry.bearer.auth.credentials.source' must be NONE,"
                                    + " STATIC_TOKEN or OAUTHBEARER, got '"
                                    + source
                                    + "'");
        }
    }

    private void need(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(
                    "setting '"
                            + key
                            + "' is required when registry.bearer.auth.credentials.source is "
                            + source);
        }
    }
}
