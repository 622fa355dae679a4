package io.qualitymonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir Path dir;

    @Test
    void shouldApplyDefaultsFileSystemPropertiesEnvironmentThenFlags() throws Exception {
        // Given each layer setting batch.max.size (and the file also setting the delay)
        Path file = dir.resolve("qm.properties");
        Files.writeString(
                file, "batch.max.size=2\nbatch.max.delay.ms=7\ntopics.scores=from-file\n");
        Properties sys = new Properties();
        sys.setProperty("qm.batch.max.size", "3");
        sys.setProperty("unrelated.property", "x");
        Map<String, String> env = Map.of("QM_BATCH_MAX_SIZE", "4", "QM_TOPICS_ALERTS", "from-env");
        ConfigLoader loader = new ConfigLoader(env, sys);

        // When loaded without and with a flag override
        AppConfig noFlag = loader.load(file, Map.of());
        AppConfig flag = loader.load(file, Map.of("batch.max.size", "5"));

        // Then each layer wins over the ones before it, and untouched keys keep lower layers
        assertThat(loader.load(null, Map.of()).batch().maxSize()).isEqualTo(4);
        assertThat(noFlag.batch().maxSize()).isEqualTo(4);
        assertThat(flag.batch().maxSize()).isEqualTo(5);
        assertThat(flag.batch().maxDelay().toMillis()).isEqualTo(7);
        assertThat(flag.topics().scores()).isEqualTo("from-file");
        assertThat(flag.topics().alerts()).isEqualTo("from-env");
        assertThat(flag.topics().deadLetters()).isEqualTo("quality-dead-letters");
    }

    @Test
    void shouldReadTheFileNamedByQmConfig() throws Exception {
        Path file = dir.resolve("env.properties");
        Files.writeString(file, "kafka.bootstrap.servers=broker-1:9092\n");
        AppConfig c =
                new ConfigLoader(Map.of("QM_CONFIG", file.toString()), new Properties())
                        .load(null, Map.of());
        assertThat(c.kafka().bootstrapServers()).isEqualTo("broker-1:9092");
    }

    @Test
    void shouldPassUnknownKafkaKeysThroughToTheClients() {
        AppConfig c =
                new ConfigLoader(Map.of("QM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"), new Properties())
                        .load(null, Map.of("kafka.sasl.mechanism", "PLAIN"));
        assertThat(c.kafka().clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("bootstrap.servers", "localhost:9092")
                .doesNotContainKey("application.id");
    }

    @Test
    void shouldNameTheKeyOfABadValue() {
        ConfigLoader loader = new ConfigLoader(Map.of(), new Properties());
        assertThatThrownBy(() -> loader.load(null, Map.of("kafka.processing.guarantee", "maybe")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.processing.guarantee");
        assertThatThrownBy(() -> loader.load(null, Map.of("batch.max.size", "0")))
                .hasMessage("setting 'batch.max.size' must be positive, got 0");
        assertThatThrownBy(() -> loader.load(null, Map.of("topics.uploads.pattern", "([")))
                .hasMessageStartingWith("setting 'topics.uploads.pattern' is not a valid regex");
    }

    @Test
    void shouldReadCropsInPassesOfSixteenOnACpuAndAllAtOnceOnAGpu() {
        ConfigLoader loader = new ConfigLoader(Map.of(), new Properties());
        assertThat(loader.load(null, Map.of()).model().passMaxViews()).isEqualTo(16);
        assertThat(loader.load(null, Map.of("model.device", "gpu")).model().passMaxViews())
                .isZero();
        assertThat(loader.load(null, Map.of("model.pass.max.views", "48")).model().passMaxViews())
                .isEqualTo(48);
        assertThatThrownBy(() -> loader.load(null, Map.of("model.pass.max.views", "-1")))
                .hasMessage(
                        "setting 'model.pass.max.views' must be 0 (the whole batch) or positive,"
                                + " got -1");
    }

    @Test
    void shouldParseSegmentThresholdOverrides() {
        AppConfig c =
                new ConfigLoader(
                                Map.of("QM_ALERTS_THRESHOLD_PLATFORM_ANDROID", "25"),
                                new Properties())
                        .load(null, Map.of("alerts.threshold", "40"));
        assertThat(c.alerts().threshold()).isEqualTo(40);
        assertThat(c.alerts().segmentThresholds())
                .containsExactly(Map.entry("platform=android", 25.0));
    }
}
