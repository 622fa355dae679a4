package io.qualitymonitor.app.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Returns what a demo run did: uploads produced and accounted for, records per topic, throughput
 * and latency percentiles; written as JSON by {@code --summary}.
 */
public record DemoSummary(
        @JsonProperty("mode") String mode,
        @JsonProperty("uploads_requested") long uploadsRequested,
        @JsonProperty("uploads_produced") long uploadsProduced,
        @JsonProperty("uploads_accounted") long uploadsAccounted,
        @JsonProperty("records_per_topic") Map<String, Long> recordsPerTopic,
        @JsonProperty("elapsed_seconds") double elapsedSeconds,
        @JsonProperty("throughput_per_second") double throughputPerSecond,
        @JsonProperty("latency_ms") Map<String, Long> latencyMs,
        @JsonProperty("broker") String broker,
        @JsonProperty("registry") String registry,
        @JsonProperty("schema_ids") Map<String, Integer> schemaIds,
        @JsonProperty("interrupted") boolean interrupted) {

    /** Writes this summary as pretty-printed JSON to {@code file}. */
    public void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), this);
    }
}
