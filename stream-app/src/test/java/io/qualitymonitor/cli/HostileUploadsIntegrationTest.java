package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.embedded.SharedStack;
import io.qualitymonitor.serde.SchemaRegistryClient;
import io.qualitymonitor.stream.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends the hostile images of issue 24 ({@link HostileFiles}) as uploads to a {@code run} process
 * of its own, started as the launcher starts it, with the shipped model and the default settings
 * (batches of 8), and measures that process's peak resident memory (VmHWM) from its start to its
 * stop: each upload must end in one score or one dead letter, within the limit that {@link
 * HostileImagesIntegrationTest} sets for {@code score}. docs/reliability.md keeps the figures.
 */
@EnabledOnOs(OS.LINUX)
@ExtendWith(SharedStack.class)
class HostileUploadsIntegrationTest {
    // the model's start, thirteen uploads (eight 24-megapixel JPEGs) and the clean stop
    private static final Duration OUTCOMES = Duration.ofMinutes(5);

    @TempDir Path tmp;

    @Test
    void shouldGiveEachHostileUploadOneOutcomeWithinTheMemoryBudget(AppConfig stack)
            throws Exception {
        // Given a run with its own topics, the shipped model and batches of eight
        ReliabilityRig rig =
                new ReliabilityRig(
                        tmp,
                        "hostile-" + UUID.randomUUID().toString().substring(0, 8),
                        stack.kafka().bootstrapServers(),
                        stack.registry().url(),
                        HostileImagesIntegrationTest.MODEL,
                        Map.of("batch.max.size", "8"));
        List<String> names = HostileFiles.write(rig.images());
        AppConfig live = ConfigLoader.fromProcess().load(rig.config, Map.of());
        Process p = rig.start();
        FutureTask<Long> peak = new FutureTask<>(() -> PeakRss.follow(p, 15, TimeUnit.MINUTES));
        Thread.ofPlatform().daemon().start(peak);
        try (SchemaRegistryClient registry = new SchemaRegistryClient(live.registry())) {
            rig.awaitReady(p);
            Topics topics = Topics.from(live.topics(), registry, live.registry());

            // When one upload per hostile file arrives
            rig.sendEach(live, topics);
            try (OutcomeLedger ledger = new OutcomeLedger(live, topics)) {
                long deadline = System.nanoTime() + OUTCOMES.toNanos();
                while (ledger.poll() < names.size() && System.nanoTime() < deadline) {
                    assertThat(p.isAlive()).as(rig.lastLog()).isTrue();
                }
                p.destroy(); // SIGTERM: a clean stop
                assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
                ledger.drain();

                // Then each upload has exactly one outcome: the strips a dead letter, the rest a
                // score
                assertThat(rig.sent()).containsExactlyInAnyOrderElementsOf(names);
                assertThat(ledger.lost(names)).as("uploads without an outcome").isZero();
                assertThat(ledger.duplicated()).as("extra outcomes").isZero();
                assertThat(ledger.unknown(names)).as("outcomes of uploads never sent").isZero();
                for (String name : names) {
                    assertThat(ledger.kind(name))
                            .as(name)
                            .isEqualTo(
                                    HostileFiles.STRIPS.contains(name)
                                            ? "TOO_MANY_PIXELS"
                                            : "score");
                }
            }
        } finally {
            p.destroyForcibly();
        }
        // And the process stopped cleanly, within the documented peak resident memory
        long bytes = peak.get();
        String log = rig.lastLog();
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
        System.out.printf("hostile uploads: peak RSS %d MiB%n", bytes >> 20);
        assertThat(bytes)
                .as("peak RSS in bytes")
                .isPositive()
                .isLessThan(HostileImagesIntegrationTest.PEAK_RSS_LIMIT);
    }
}
