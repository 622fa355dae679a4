package io.qualitymonitor.embedded;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.config.EmbeddedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRegistryTest {
    @TempDir Path dir;

    private static EmbeddedConfig config(Path registryHome, Map<String, String> more) {
        Map<String, String> overrides = new HashMap<>(more);
        overrides.put("embedded.registry.home", registryHome.toString());
        overrides.put("embedded.start.timeout.ms", "30000");
        return new ConfigLoader(Map.of(), new Properties()).load(null, overrides).embedded();
    }

    private static EmbeddedConfig config(Path registryHome) {
        return config(registryHome, Map.of());
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

    @Test
    void shouldNameTheSettingWhenTheConfiguredJavaIsMissing() throws IOException {
        // Given a distribution and a java home without bin/java
        Files.writeString(dir.resolve("quarkus-run.jar"), "not a jar");
        EmbeddedConfig config = config(dir, Map.of("embedded.java.home", dir.toString()));

        // When / Then
        assertThatThrownBy(() -> EmbeddedRegistry.start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("setting 'embedded.java.home'")
                .hasMessageContaining(dir.resolve("bin/java").toString());
    }
}
