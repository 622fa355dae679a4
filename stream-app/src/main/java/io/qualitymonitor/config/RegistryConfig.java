package io.qualitymonitor.config;

import java.time.Duration;

/**
 * Returns the Schema Registry client settings (Confluent REST API).
 *
 * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or null
 * @param subjectNameStrategy {@code topic} (TopicNameStrategy, default) or {@code record}
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
        int cacheCapacity) {

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
                c.getPositiveInt("registry.cache.capacity"));
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
                cacheCapacity);
    }
}
