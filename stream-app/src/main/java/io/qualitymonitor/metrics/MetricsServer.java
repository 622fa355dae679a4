package io.qualitymonitor.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /metrics} (Prometheus text format), {@code /health/live} and {@code /health/ready}
 * over HTTP; returns the registry that the rest of the app records into.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    /**
     * Gives the app's timers ({@code qm.*}) histogram buckets, so that dashboards and alerts
     * compute percentiles over replicas with {@code histogram_quantile}.
     */
    private static final MeterFilter LATENCY_HISTOGRAMS =
            new MeterFilter() {
                @Override
                public DistributionStatisticConfig configure(
                        Meter.Id id, DistributionStatisticConfig config) {
                    if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith("qm.")) {
                        return config;
                    }
                    return DistributionStatisticConfig.builder()
                            .percentilesHistogram(true)
                            .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                            .maximumExpectedValue((double) Duration.ofMinutes(2).toNanos())
                            .build()
                            .merge(config);
                }
            };

    private final PrometheusMeterRegistry registry;
    private final HttpServer server;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    /**
     * Starts the server on {@code port} (0 picks a free port) with the given liveness and readiness
     * checks.
     */
    public MetricsServer(int port, BooleanSupplier live, BooleanSupplier ready) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(LATENCY_HISTOGRAMS);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the metrics port " + port, e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(
                "/metrics",
                ex ->
                        respond(
                                ex,
                                200,
                                "text/plain; version=0.0.4; charset=utf-8",
                                registry.scrape()));
        server.createContext("/health/live", ex -> health(ex, live));
        server.createContext("/health/ready", ex -> health(ex, ready));
        server.start();
        LOG.info("metrics and health on http://0.0.0.0:{}/metrics", port());
    }

    /** Returns the registry every component records into. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Returns the port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void health(HttpExchange ex, BooleanSupplier check) throws IOException {
        boolean ok = check.getAsBoolean();
        respond(
                ex,
                ok ? 200 : 503,
                "application/json",
                ok ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
    }

    private static void respond(HttpExchange ex, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        gcMetrics.close();
        registry.close();
    }
}
