package io.qualitymonitor.config;

import java.nio.file.Path;

/**
 * Returns the settings of {@code stack}: the loopback ports its broker and registry listen on and
 * where it writes the properties file that {@code run}, {@code produce}, {@code replay} and {@code
 * drift} read.
 *
 * @param kafkaPort the broker's client port on 127.0.0.1 (0: a free port)
 * @param registryPort the registry's HTTP port on 127.0.0.1 (0: a free port)
 * @param propertiesFile where the client settings go, relative to the working folder
 */
public record StackConfig(int kafkaPort, int registryPort, Path propertiesFile) {

    /** Checks the ports; messages name the setting. */
    public StackConfig {
        requirePort("stack.kafka.port", kafkaPort);
        requirePort("stack.registry.port", registryPort);
    }

    static StackConfig from(RawConfig c) {
        return new StackConfig(
                c.getInt("stack.kafka.port", 9092),
                c.getInt("stack.registry.port", 8081),
                Path.of(c.getString("stack.properties.file", "qm-stack.properties")));
    }

    private static void requirePort(String key, int port) {
        if (port < 0 || port > 65_535) {
            throw new ConfigException(
                    "setting '" + key + "' must be a port from 0 to 65535, got " + port);
        }
    }
}
