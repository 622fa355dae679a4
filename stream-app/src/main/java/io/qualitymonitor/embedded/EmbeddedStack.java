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
        return start(config, 0, 0);
    }

    /**
     * Starts broker and registry on {@code 127.0.0.1} at the given ports (0: a free port); throws
     * {@link PortInUseException} before starting anything when a fixed port is taken.
     */
    public static EmbeddedStack start(EmbeddedConfig config, int kafkaPort, int registryPort) {
        if (kafkaPort > 0) {
            Ports.requireFree(kafkaPort, "Kafka broker");
        }
        if (registryPort > 0) {
            Ports.requireFree(registryPort, "Schema Registry");
        }
        EmbeddedRegistry registry = EmbeddedRegistry.start(config, registryPort);
        try {
            return new EmbeddedStack(
                    EmbeddedKafka.start(config.startTimeout(), kafkaPort), registry);
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
