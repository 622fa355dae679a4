package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        // with the demo's short drift windows (quality-monitor-demo.properties), the drift
        // injected from upload 6 on
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("score ")
                .contains("done: 12 uploads")
                .contains("drift injection: from upload 6 on")
                .contains("windows of 20 s");
    }

    @Test
    void shouldStopCleanlyWhenInterruptedLikeCtrlC() throws Exception {
        // Given the demo running as a user runs it, in its own JVM, scoring without an end
        Path model = Path.of("src/test/resources/bundles/tiny-both").toAbsolutePath();
        Path log = dir.resolve("demo.log");
        Process demo =
                ChildJvm.start(log, List.of("demo", "--rate", "40", "--set", "model.dir=" + model));
        try {
            ChildJvm.awaitLog(demo, log, "score ", Duration.ofSeconds(180));

            // When it gets SIGTERM, as Ctrl-C or a container stop sends
            demo.destroy();

            // Then it stops within the grace time with exit code 0 (an endless demo ends so),
            // and stopping logs no error or stack trace
            assertThat(demo.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(demo.exitValue()).as(Files.readString(log)).isZero();
        } finally {
            demo.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(output.lines().filter(l -> l.contains(" ERROR ") || l.startsWith("\tat ")))
                .as(output)
                .isEmpty();
        assertThat(output).contains("NOT_RUNNING");
    }
}
