package io.qualitymonitor.config;

import java.nio.file.Path;

/**
 * Returns the whole application's settings, parsed once; passed down by constructors.
 *
 * @param home the installation folder (repo root): where {@code samples/} and {@code models/} are
 * @param stderrTerminal whether the error stream is a terminal ({@code stderr.terminal}): progress
 *     bars redraw one line there, and write a line now and then elsewhere
 * @param raw every effective key and value, for logging the effective settings at start-up
 */
public record AppConfig(
        Path home,
        boolean stderrTerminal,
        KafkaConfig kafka,
        RegistryConfig registry,
        TopicsConfig topics,
        FetchConfig fetch,
        BatchConfig batch,
        MemoryConfig memory,
        ModelConfig model,
        ShadowConfig shadow,
        AlertConfig alerts,
        DriftConfig drift,
        MetricsConfig metrics,
        EmbeddedConfig embedded,
        StackConfig stack,
        RawConfig raw) {

    /** Setting: whether the error stream is a terminal; the launcher sets it. */
    public static final String STDERR_TERMINAL = "stderr.terminal";

    /**
     * Returns the typed settings read from {@code c}; throws {@link ConfigException} on bad values.
     */
    public static AppConfig from(RawConfig c) {
        Path home = Path.of(c.getString("app.home")).toAbsolutePath().normalize();
        KafkaConfig kafka = KafkaConfig.from(c);
        BatchConfig batch = BatchConfig.from(c);
        return new AppConfig(
                home,
                c.getBoolean(STDERR_TERMINAL),
                kafka,
                RegistryConfig.from(c),
                TopicsConfig.from(c),
                FetchConfig.from(c, home),
                batch,
                MemoryConfig.from(c, batch, kafka),
                ModelConfig.from(c, home),
                ShadowConfig.from(c, home),
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
                stderrTerminal,
                kafka.withBootstrapServers(bootstrapServers),
                registry.withUrl(registryUrl),
                topics,
                fetch,
                batch,
                memory,
                model,
                shadow,
                alerts,
                drift,
                metrics,
                embedded,
                stack,
                raw);
    }
}
