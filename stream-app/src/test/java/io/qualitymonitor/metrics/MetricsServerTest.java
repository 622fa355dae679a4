package io.qualitymonitor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldServeRecordedMetersInPrometheusFormat() throws Exception {
        // Given a server and a counter recorded into its registry
        try (MetricsServer server = new MetricsServer(0, () -> true, () -> true)) {
            server.registry().counter("qm.stream.records.in", "topic", "uploads").increment(3);

            // When /metrics is scraped
            HttpResponse<String> r = get(server, "/metrics");

            // Then the counter is there with its tag, and JVM meters too
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("qm_stream_records_in_total{topic=\"uploads\"} 3.0");
            assertThat(r.body()).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void shouldReportReadinessFromTheCheck() throws Exception {
        // Given a readiness check that starts false
        AtomicBoolean ready = new AtomicBoolean(false);
        try (MetricsServer server = new MetricsServer(0, () -> true, ready::get)) {
            // When / Then: 503 until ready, 200 after; liveness is independent
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
