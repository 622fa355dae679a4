package io.qualitymonitor.embedded;

import io.qualitymonitor.config.EmbeddedConfig;

/**
 * Returns a running embedded stack: a real KRaft broker in this JVM and a real Schema Registry
 * child process, started together and stopped in reverse order.
 */
public final class EmbeddedStack implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final EmbeddedRegistry registry;

    private EmbeddedStack(EmbeddedKafka kafka, EmbeddedRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /**
     * Starts broker and registry (in parallel where possible) or throws {@link EmbeddedException}.
     */
    public static EmbeddedStack start(EmbeddedConfig config) {
        EmbeddedRegistry registry = EmbeddedRegistry.start(config);
        try {
            return new EmbeddedStack(EmbeddedKafka.start(config.startTimeout()), registry);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /** Returns the broker's bootstrap servers. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Returns the registry's Confluent-compatible base URL. */
    public String registryUrl() {
        return registry.url();
    }

    @Override
    public void close() {
        kafka.close();
        registry.close();
    }
}
