package io.qualitymonitor.embedded;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.config.EmbeddedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRegistryTest {
    @TempDir Path dir;

    private static EmbeddedConfig config(Path registryHome) {
        return new ConfigLoader(Map.of(), new Properties())
                .load(
                        null,
                        Map.of(
                                "embedded.registry.home",
                                registryHome.toString(),
                                "embedded.start.timeout.ms",
                                "30000"))
                .embedded();
    }

    @Test
    void shouldTellToBuildFirstWhenTheDistributionIsMissing() {
        // Given a folder without quarkus-run.jar
        EmbeddedConfig config = config(dir.resolve("registry"));

        // When / Then
        assertThatThrownBy(() -> EmbeddedRegistry.start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve("registry").toString())
                .hasMessageEndingWith("run ./mvnw package first");
    }

    @Test
    void shouldReportTheLastLogLinesWhenTheRegistryDiesWhileStarting() throws IOException {
        // Given a distribution whose runner jar is not a jar
        Files.writeString(dir.resolve("quarkus-run.jar"), "not a jar");

        // When / Then the child java exits and its complaint is in the message
        assertThatThrownBy(() -> EmbeddedRegistry.start(config(dir)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Schema Registry exited with code 1 while starting")
                .hasMessageContaining("quarkus-run.jar")
                .hasMessageNotContaining("\n");
    }
}
