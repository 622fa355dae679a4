package io.qualitymonitor.config;

/** Returns the HTTP port for health and Prometheus endpoints; 0 turns the server off. */
public record MetricsConfig(int port) {

    /** Setting: the port of the health and metrics server; 0 turns it off. */
    public static final String PORT = "metrics.port";

    static MetricsConfig from(RawConfig c) {
        return new MetricsConfig(c.getInt(PORT));
    }
}
