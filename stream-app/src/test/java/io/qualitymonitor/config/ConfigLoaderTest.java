package io.qualitymonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
    void shouldPassKafkaClientKeysThroughToTheClients() {
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

    @Test
    void shouldRefuseAnUnknownFlagNamingTheClosestSetting() {
        ConfigLoader loader = new ConfigLoader(Map.of(), new Properties());
        assertThatThrownBy(() -> loader.load(null, Map.of("fetch.allow.host", "127.0.0.1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown setting fetch.allow.host; did you mean fetch.allow.hosts?");
        assertThatThrownBy(() -> loader.load(null, Map.of("batch.max.sise", "4")))
                .hasMessage("unknown setting batch.max.sise; did you mean batch.max.size?");
    }

    @Test
    void shouldRefuseAnUnknownKeyInTheFileNamingTheFile() throws Exception {
        Path file = dir.resolve("typo.properties");
        Files.writeString(file, "batch.max.size=2\ntopics.score=mine\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), new Properties()).load(file, Map.of()))
                .hasMessage(
                        "unknown setting topics.score in "
                                + file
                                + "; did you mean topics.scores?");
    }

    @Test
    void shouldRefuseUnknownSystemPropertiesAndEnvironmentVariablesInTheirOwnSpelling() {
        Properties sys = new Properties();
        sys.setProperty("qm.metrics.prot", "9090");
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), sys).load(null, Map.of()))
                .hasMessage("unknown setting -Dqm.metrics.prot; did you mean -Dqm.metrics.port?");
        Map<String, String> env = Map.of("QM_FETCH_ALLOW_HOST", "localhost");
        assertThatThrownBy(() -> new ConfigLoader(env, new Properties()).load(null, Map.of()))
                .hasMessage(
                        "unknown setting QM_FETCH_ALLOW_HOST; did you mean QM_FETCH_ALLOW_HOSTS?");
    }

    @Test
    void shouldSayWhereTheListIsWhenNoSettingIsClose() {
        assertThatThrownBy(
                        () ->
                                new ConfigLoader(Map.of(), new Properties())
                                        .load(null, Map.of("colour.scheme", "dark")))
                .hasMessage(
                        "unknown setting colour.scheme (see quality-monitor-defaults.properties"
                                + " for the list)");
    }

    @Test
    void shouldAllowTheLaunchersAndTrainingsOwnVariables() {
        // Given the variables the launcher, logback and the training scripts read
        Map<String, String> env =
                Map.of(
                        "QM_JAVA_OPTS", "-Xmx2g",
                        "QM_LOG_LEVEL", "DEBUG",
                        "QM_DATA_ROOT", "/data",
                        "QM_BUNDLE", "models/default");
        // Then they are not taken for settings
        AppConfig c = new ConfigLoader(env, new Properties()).load(null, Map.of());
        assertThat(c.raw().asMap()).doesNotContainKeys("java.opts", "log.level", "data.root");
    }

    @Test
    void shouldCheckKafkaKeysAgainstKafkasOwnSettings() {
        ConfigLoader loader = new ConfigLoader(Map.of(), new Properties());
        // Given settings of Kafka's clients, of Streams and of Streams' prefixed forms
        Map<String, String> kafka =
                Map.of(
                        "kafka.sasl.jaas.config", "x",
                        "kafka.state.dir", "/tmp/s",
                        "kafka.producer.linger.ms", "5",
                        "kafka.main.consumer.max.poll.records", "50",
                        "kafka.topic.min.insync.replicas", "2");
        // Then they pass, and a misspelt one is refused with Kafka's name
        assertThat(loader.load(null, kafka).kafka().passThrough())
                .containsEntry("producer.linger.ms", "5");
        assertThatThrownBy(() -> loader.load(null, Map.of("kafka.bootstrap.server", "b:9092")))
                .hasMessage(
                        "unknown setting kafka.bootstrap.server; did you mean"
                                + " kafka.bootstrap.servers?");
        assertThatThrownBy(() -> loader.load(null, Map.of("kafka.linger.msec", "5")))
                .hasMessage("unknown setting kafka.linger.msec; did you mean kafka.linger.ms?");
    }

    @Test
    void shouldTakeEveryDefaultFromTheDefaultsFileAlone() {
        // Given settings left blank, where the defaults file has 8, 100 and 20971520
        ConfigLoader loader = new ConfigLoader(Map.of(), new Properties());
        AppConfig blank =
                loader.load(
                        null,
                        Map.of(
                                "batch.max.size", "",
                                "batch.max.delay.ms", " ",
                                "fetch.max.bytes", ""));

        // Then each falls back to the file's value, the one place defaults are written
        assertThat(blank.batch().maxSize()).isEqualTo(8);
        assertThat(blank.batch().maxDelay().toMillis()).isEqualTo(100);
        assertThat(blank.fetch().maxBytes()).isEqualTo(20_971_520L);
        // and a computed default (left empty in the file) still comes from the code
        assertThat(blank.model().threads())
                .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void shouldLayTheDemoDefaultsBetweenTheBuiltInOnesAndTheFile() throws Exception {
        // Given the demo's loader, and a file and a flag that set two of its drift settings
        ConfigLoader demo = new ConfigLoader(Map.of(), new Properties()).withDemoDefaults();
        Path file = dir.resolve("qm.properties");
        Files.writeString(file, "drift.window.size.ms=60000\ndrift.window.advance.ms=60000\n");

        // When loaded alone, under the file and flag, and with a blank value
        DriftConfig alone = demo.load(null, Map.of()).drift();
        DriftConfig under = demo.load(file, Map.of("drift.min.samples", "40")).drift();
        DriftConfig blank = demo.load(null, Map.of("drift.min.samples", " ")).drift();

        // Then alone it has the demo's short windows (20 s, 30 scores, segments by platform)
        assertThat(alone.segments()).containsExactly(List.of("platform"));
        assertThat(alone.window())
                .isEqualTo(
                        new DriftConfig.Window(
                                Duration.ofSeconds(20),
                                Duration.ofSeconds(20),
                                Duration.ofSeconds(2)));
        assertThat(alone.tests().minSamples()).isEqualTo(30);
        assertThat(alone.tests().minFeatureSamples()).isEqualTo(20);
        assertThat(alone.rollingWindows()).isEqualTo(2);
        assertThat(alone.hysteresis().cooldown()).isEqualTo(Duration.ofSeconds(60));
        // the file and flags win over the demo's defaults, which win over the built-in ones
        assertThat(under.window().size()).isEqualTo(Duration.ofSeconds(60));
        assertThat(under.tests().minSamples()).isEqualTo(40);
        assertThat(under.window().grace()).isEqualTo(Duration.ofSeconds(2));
        // a blank value falls back to the demo's default, as it does to the built-in one
        assertThat(blank.tests().minSamples()).isEqualTo(30);
        // and other commands keep the production defaults
        assertThat(new ConfigLoader(Map.of(), new Properties()).load(null, Map.of()).drift())
                .satisfies(d -> assertThat(d.tests().minSamples()).isEqualTo(250))
                .satisfies(d -> assertThat(d.window().size()).isEqualTo(Duration.ofMinutes(5)));
    }

    @Test
    void shouldDeclareEveryKeyItReadsAndReadEveryKeyItDeclares() {
        // Given the settings loaded from the built-in defaults alone
        AppConfig c = new ConfigLoader(Map.of(), new Properties()).load(null, Map.of());
        Set<String> read = c.raw().keysRead();
        Set<String> declared = ConfigLoader.declaredKeys();

        // Then every key the typed records read is declared in the defaults file (or is a
        // pass-through or family prefix), and every declared key is read by one of them
        assertThat(read)
                .allSatisfy(
                        k ->
                                assertThat(
                                                declared.contains(k)
                                                        || k.equals(KnownSettings.KAFKA)
                                                        || KnownSettings.FAMILIES.contains(k))
                                        .as(k + " is read but not declared")
                                        .isTrue());
        assertThat(declared)
                .allSatisfy(
                        k ->
                                assertThat(read.contains(k))
                                        .as(k + " is declared but read by no *Config")
                                        .isTrue());
        // and the demo's defaults set declared settings only, read as the others are
        assertThat(ConfigLoader.demoKeys()).isNotEmpty().isSubsetOf(declared);
        assertThat(
                        new ConfigLoader(Map.of(), new Properties())
                                .withDemoDefaults()
                                .load(null, Map.of())
                                .raw()
                                .keysRead())
                .isEqualTo(read);
    }
}
