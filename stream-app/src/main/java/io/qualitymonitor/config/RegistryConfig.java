package io.qualitymonitor.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Returns the Schema Registry client settings (Confluent REST API).
 *
 * @param url one registry URL, or several separated by commas (tried in turn when one fails)
 * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or null
 * @param subjectNameStrategy {@code topic} (TopicNameStrategy, default) or {@code record}
 * @param bearer bearer-token authentication (static token or OAuth client credentials)
 * @param requestHeaders extra HTTP headers sent with every request ({@code
 *     registry.request.header.<name>})
 * @param inputCompatibility the level set on the upload subjects the app creates
 * @param outputCompatibility the level set on the output subjects the app creates
 * @param outageRetryInterval how often a record waiting on an unavailable registry tries again
 */
public record RegistryConfig(
        String url,
        String basicAuthUserInfo,
        String subjectNameStrategy,
        boolean autoRegister,
        String truststoreLocation,
        String truststorePassword,
        String keystoreLocation,
        String keystorePassword,
        Duration requestTimeout,
        int maxRetries,
        Duration retryBackoff,
        int cacheCapacity,
        BearerAuthConfig bearer,
        Map<String, String> requestHeaders,
        String inputCompatibility,
        String outputCompatibility,
        Duration outageRetryInterval) {

    /** The compatibility levels a registry knows (Confluent's names). */
    public static final List<String> LEVELS =
            List.of(
                    "NONE",
                    "BACKWARD",
                    "BACKWARD_TRANSITIVE",
                    "FORWARD",
                    "FORWARD_TRANSITIVE",
                    "FULL",
                    "FULL_TRANSITIVE");

    public RegistryConfig {
        requestHeaders = Map.copyOf(requestHeaders);
    }

    static RegistryConfig from(RawConfig c) {
        String strategy = c.getString("registry.subject.name.strategy");
        if (!strategy.equals("topic") && !strategy.equals("record")) {
            throw new ConfigException(
                    "setting 'registry.subject.name.strategy' must be topic or record, got '"
                            + strategy
                            + "'");
        }
        return new RegistryConfig(
                c.require("registry.url"),
                c.get("registry.basic.auth.user.info"),
                strategy,
                c.getBoolean("registry.auto.register"),
                c.get("registry.ssl.truststore.location"),
                c.get("registry.ssl.truststore.password"),
                c.get("registry.ssl.keystore.location"),
                c.get("registry.ssl.keystore.password"),
                c.getMillis("registry.request.timeout.ms"),
                c.getInt("registry.max.retries"),
                c.getMillis("registry.retry.backoff.ms"),
                c.getPositiveInt("registry.cache.capacity"),
                BearerAuthConfig.from(c),
                c.withPrefix(REQUEST_HEADER_PREFIX),
                level(c, "registry.compatibility.input"),
                level(c, "registry.compatibility.output"),
                c.getMillis("registry.outage.retry.interval.ms"));
    }

    /** The family of extra request headers: {@code registry.request.header.<name>=<value>}. */
    static final String REQUEST_HEADER_PREFIX = "registry.request.header.";

    private static String level(RawConfig c, String key) {
        String v = c.getString(key).trim().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(v)) {
            throw new ConfigException(
                    "setting '" + key + "' must be one of " + LEVELS + ", got '" + v + "'");
        }
        return v;
    }

    /** Returns the registry URLs, in the order they are tried. */
    public List<String> urls() {
        return Arrays.stream(url.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Returns a copy of this config pointing at another registry URL (the embedded one). */
    public RegistryConfig withUrl(String newUrl) {
        return new RegistryConfig(
                newUrl,
                basicAuthUserInfo,
                subjectNameStrategy,
                autoRegister,
                truststoreLocation,
                truststorePassword,
                keystoreLocation,
                keystorePassword,
                requestTimeout,
                maxRetries,
                retryBackoff,
                cacheCapacity,
                bearer,
                requestHeaders,
                inputCompatibility,
                outputCompatibility,
                outageRetryInterval);
    }
}
