package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code demo} as a user does: its own embedded broker and registry, sample uploads. */
class DemoCommandIntegrationTest {
    @TempDir Path dir;

    @Test
    void shouldAccountForEveryUploadAndWriteTheSummary() throws Exception {
        // Given the demo with the tiny test model and a summary file
        Path summary = dir.resolve("out.json");
        Path model = Path.of("src/test/resources/bundles/tiny-both").toAbsolutePath();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        // When it runs for 12 uploads
        int code =
                QualityMonitorCommand.run(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        "demo",
                        "--uploads",
                        "12",
                        "--rate",
                        "40",
                        "--summary",
                        summary.toString(),
                        "--set",
                        "model.dir=" + model);

        // Then it exits 0 and the summary accounts for all 12 through the real broker and registry
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode s = new ObjectMapper().readTree(summary.toFile());
        assertThat(s.get("uploads_produced").asLong()).isEqualTo(12);
        assertThat(s.get("uploads_accounted").asLong()).isEqualTo(12);
        long scores = s.path("records_per_topic").path("quality-scores").asLong();
        long dead = s.path("records_per_topic").path("quality-dead-letters").asLong();
        assertThat(scores + dead).isEqualTo(12);
        assertThat(s.get("throughput_per_second").asDouble()).isPositive();
        assertThat(s.path("latency_ms").path("p50").asLong()).isPositive();
        assertThat(s.path("latency_ms").path("p99").asLong())
                .isGreaterThanOrEqualTo(s.path("latency_ms").path("p50").asLong());
        assertThat(s.get("registry").asText()).contains("/apis/ccompat/v7");
        assertThat(s.path("schema_ids").path("uploads-value").asInt()).isPositive();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("score ")
                .contains("done: 12 uploads");
    }
}
