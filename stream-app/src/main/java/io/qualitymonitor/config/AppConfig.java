package io.qualitymonitor.config;

import java.nio.file.Path;

/**
 * Returns the whole application's settings, parsed once; passed down by constructors.
 *
 * @param home the installation folder (repo root): where {@code samples/} and {@code models/} are
 * @param raw every effective key and value, for logging the effective settings at start-up
 */
public record AppConfig(
        Path home,
        KafkaConfig kafka,
        RegistryConfig registry,
        TopicsConfig topics,
        FetchConfig fetch,
        BatchConfig batch,
        ModelConfig model,
        AlertConfig alerts,
        DriftConfig drift,
        MetricsConfig metrics,
        EmbeddedConfig embedded,
        StackConfig stack,
        RawConfig raw) {

    /**
     * Returns the typed settings read from {@code c}; throws {@link ConfigException} on bad values.
     */
    public static AppConfig from(RawConfig c) {
        Path home = Path.of(c.getString("app.home", ".")).toAbsolutePath().normalize();
        return new AppConfig(
                home,
                KafkaConfig.from(c),
                RegistryConfig.from(c),
                TopicsConfig.from(c),
                FetchConfig.from(c, home),
                BatchConfig.from(c),
                ModelConfig.from(c, home),
                AlertConfig.from(c),
                DriftConfig.from(c),
                MetricsConfig.from(c),
                EmbeddedConfig.from(c, home),
                StackConfig.from(c),
                c);
    }

    /** Returns a copy pointing at other Kafka and registry endpoints (the embedded stack's). */
    public AppConfig withEndpoints(String bootstrapServers, String registryUrl) {
        return new AppConfig(
                home,
                kafka.withBootstrapServers(bootstrapServers),
                registry.withUrl(registryUrl),
                topics,
                fetch,
                batch,
                model,
                alerts,
                drift,
                metrics,
                embedded,
                stack,
                raw);
    }
}
