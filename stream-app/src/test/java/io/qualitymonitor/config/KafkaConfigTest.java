package io.qualitymonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaConfigTest {

    @Test
    void shouldSetTheTransactionTimeoutFromTheWorstCaseBatchTimeWithMargin() {
        // Given the defaults: fetch.timeout.ms=10000, batch.worst.case.ms=60000
        KafkaConfig defaults = load(Map.of(), Map.of());

        // Then the timeout is 2 x (10 s + 2 x 60 s)
        assertThat(defaults.transactionTimeout()).isEqualTo(Duration.ofSeconds(260));
        // and it follows the worst case, within the broker's bounds
        assertThat(load(Map.of(), Map.of("batch.worst.case.ms", "200000")).transactionTimeout())
                .isEqualTo(Duration.ofSeconds(820));
        assertThat(KafkaConfig.transactionTimeoutFor(Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(KafkaConfig.transactionTimeoutFor(Duration.ofMinutes(5), Duration.ofMinutes(5)))
                .isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void shouldTakeAnExplicitTransactionTimeoutAndRefuseABadOne() {
        assertThat(
                        load(Map.of(), Map.of("kafka.transaction.timeout.ms", "90000"))
                                .transactionTimeout())
                .isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> load(Map.of(), Map.of("kafka.transaction.timeout.ms", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.transaction.timeout.ms");
    }

    @Test
    void shouldTakeTheInstanceIdFromTheSettingThenThePodNameThenTheHostName() {
        Map<String, String> env = Map.of("POD_NAME", "qm-7f9c-x2", "HOSTNAME", "box");
        assertThat(load(env, Map.of("instance.id", "scorer-1")).instanceId()).isEqualTo("scorer-1");
        assertThat(load(env, Map.of()).instanceId()).isEqualTo("qm-7f9c-x2");
        assertThat(load(Map.of("HOSTNAME", "box"), Map.of()).instanceId()).isEqualTo("box");
        assertThat(load(env, Map.of("instance.id", "none")).instanceId()).isNull();
        assertThat(load(Map.of(), Map.of()).instanceId()).isNull();
        assertThatThrownBy(() -> load(Map.of(), Map.of("instance.id", "a/b")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("instance.id");
    }

    @Test
    void shouldKeepTheStateOfAnInstanceInAFolderNamedAfterIt() {
        // Given an instance id and no state folder
        KafkaConfig k = load(Map.of(), Map.of("instance.id", "scorer-1"));

        // Then the folder is stable: the temp folder's quality-monitor-state/<id>
        assertThat(k.stateDir())
                .isEqualTo(
                        Path.of(System.getProperty("java.io.tmpdir"))
                                .resolve("quality-monitor-state")
                                .resolve("scorer-1"));
        // and kafka.state.dir wins; without either there is none (a fresh one per run)
        assertThat(
                        load(Map.of(), Map.of("instance.id", "x", "kafka.state.dir", "/var/qm"))
                                .stateDir())
                .isEqualTo(Path.of("/var/qm"));
        assertThat(load(Map.of(), Map.of()).stateDir()).isNull();
    }

    private static KafkaConfig load(Map<String, String> env, Map<String, String> flags) {
        return new ConfigLoader(env, new Properties()).load(null, flags).kafka();
    }
}
