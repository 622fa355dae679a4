package io.qualitymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsRunnerTest {
    @TempDir Path tmp;

    @Test
    void shouldGiveKafkaStreamsTheTransactionTimeoutStaticMembershipAndSessionTimeout() {
        // Given an instance id and the default worst-case batch time
        Properties p = StreamsRunner.properties(config(Map.of("instance.id", "scorer-1")), tmp);

        // Then transactions may outlive the worst-case call, the consumer is not dropped during
        // it, and the instance is a static member with a short session
        assertThat(p.get("transaction.timeout.ms")).isEqualTo(260_000);
        assertThat(p.get("max.poll.interval.ms")).isEqualTo(300_000);
        assertThat(p.get("group.instance.id")).isEqualTo("scorer-1");
        assertThat(p.get("session.timeout.ms")).isEqualTo(15_000);
        assertThat(p.get("state.dir")).isEqualTo(tmp.toString());
    }

    @Test
    void shouldLetKafkaKeysOverrideTheComputedSettingsAndLeaveMembershipDynamicWithoutAnId() {
        Properties p =
                StreamsRunner.properties(
                        config(
                                Map.of(
                                        "instance.id", "none",
                                        "batch.worst.case.ms", "300000",
                                        "kafka.session.timeout.ms", "30000")),
                        tmp);

        assertThat(p).doesNotContainKey("group.instance.id");
        assertThat(p.get("session.timeout.ms")).isEqualTo("30000");
        // a long worst case raises the poll interval with the transaction timeout
        assertThat(p.get("transaction.timeout.ms")).isEqualTo(900_000);
        assertThat(p.get("max.poll.interval.ms")).isEqualTo(900_000);
    }

    @Test
    void shouldRemoveTheStateFoldersItMadeOnceEmptyButNotAnotherInstances() throws Exception {
        // Given two instances' folders under one parent
        Path parent = tmp.resolve("quality-monitor-state");
        StateFolder a = StateFolder.ofInstance(parent.resolve("a"));
        StateFolder b = StateFolder.ofInstance(parent.resolve("b"));
        assertThat(a.path()).isDirectory();

        // When the first is deleted, with what Kafka Streams' clean-up leaves, while the second
        // is in use
        Files.createDirectories(a.path().resolve("app"));
        Files.writeString(a.path().resolve("app/.lock"), "");
        Files.writeString(a.path().resolve("app/kafka-streams-process-metadata"), "{}");
        Files.writeString(b.path().resolve("in-use"), "x");
        a.deleteApplication("app");
        a.deleteIfEmpty();

        // Then its own folder is gone, the shared parent stays; then goes with the last one
        assertThat(a.path()).doesNotExist();
        assertThat(parent).isDirectory();
        Files.delete(b.path().resolve("in-use"));
        b.deleteIfEmpty();
        assertThat(parent).doesNotExist();
    }

    private static AppConfig config(Map<String, String> flags) {
        return new ConfigLoader(Map.of(), new Properties()).load(null, flags);
    }
}
