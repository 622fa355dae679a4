package io.qualitymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file {@code stack} writes loads as the settings of the other commands, as it is. */
class StackPropertiesTest {
    private static final ConfigLoader LOADER = new ConfigLoader(Map.of(), new Properties());

    @TempDir Path tmp;

    @Test
    void shouldPointTheOtherCommandsAtTheStackAndKeepTheDefaultsElse() throws IOException {
        // Given a stack with its own endpoints
        AppConfig live =
                LOADER.load(null, Map.of())
                        .withEndpoints("127.0.0.1:19092", "http://127.0.0.1:18081/apis/ccompat/v7");

        // When its file is written and read back as --config
        Path file = Files.writeString(tmp.resolve("s.properties"), text(live, false));
        AppConfig read = LOADER.load(file, Map.of());

        // Then
        assertThat(read.kafka().bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(read.registry().url()).isEqualTo("http://127.0.0.1:18081/apis/ccompat/v7");
        assertThat(read.fetch().fileRoots()).isEqualTo(live.fetch().fileRoots());
        assertThat(read.topics()).isEqualTo(live.topics());
        assertThat(Files.readString(file))
                .contains("run --config s.properties --create-topics")
                .doesNotContain("topics.uploads=");
    }

    @Test
    void shouldCarryTheTopicSettingsOfTopicsTheStackCreated() throws IOException {
        // Given a stack that created topics under names of its own
        AppConfig live =
                LOADER.load(null, Map.of("topics.uploads", "my-uploads", "topics.partitions", "1"))
                        .withEndpoints("127.0.0.1:19092", "http://127.0.0.1:18081");

        // When
        Path file = Files.writeString(tmp.resolve("s.properties"), text(live, true));
        AppConfig read = LOADER.load(file, Map.of());

        // Then run and produce use those topics
        assertThat(read.topics().uploads()).containsExactly("my-uploads");
        assertThat(read.topics().partitions()).isEqualTo(1);
    }

    private static String text(AppConfig live, boolean withTopics) {
        return StackProperties.text(live, withTopics, Path.of("s.properties"));
    }
}
