package io.qualitymonitor.config;

/** Returns the HTTP port for health and Prometheus endpoints; 0 turns the server off. */
public record MetricsConfig(int port) {

    static MetricsConfig from(RawConfig c) {
        return new MetricsConfig(c.getInt("metrics.port", 0));
    }
}
