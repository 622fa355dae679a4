package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.app.Wiring;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.embedded.EmbeddedKafka;
import io.qualitymonitor.embedded.SharedStack;
import io.qualitymonitor.serde.SchemaRegistryClient;
import io.qualitymonitor.stream.Topics;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability suite: {@code run} in JVMs of its own, as the launcher starts it, through faults
 * while uploads arrive: SIGKILL again and again on a machine kept busy by twice as many spinning
 * threads as it has cores, and a broker restart. Every upload must end in exactly one score or dead
 * letter, no fencing may be logged as ERROR, and a restarted instance must be ready (Kafka Streams
 * RUNNING, the model warmed up) quickly. Each {@code run} starts as the launcher starts it, AppCDS
 * archive included. Sizes come from {@code -Dqmtest.reliability.uploads} and {@code
 * -Dqmtest.reliability.kills} (CI: 60 and 3; docs/reliability.md names the larger runs). Each
 * scenario adds a row to {@link FaultTable}.
 */
@ExtendWith(SharedStack.class)
class ReliabilityIntegrationTest {
    private static final int UPLOADS = Integer.getInteger("qmtest.reliability.uploads", 60);
    private static final int KILLS = Integer.getInteger("qmtest.reliability.kills", 3);
    // how long an instance works (ready, uploads arriving) before it is killed
    private static final Duration WORK = Duration.ofSeconds(4);
    // the old dynamic member's session timeout: a median join at or above it means the restarted
    // instance waited for the dead one's session (or its transaction) to time out
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(45);

    @TempDir Path tmp;

    @Test
    void shouldGiveEveryUploadOneOutcomeThroughRepeatedKillsUnderCpuStress(AppConfig stack)
            throws Exception {
        // Given a run with its own topics and a stable instance id
        ReliabilityRig rig =
                new ReliabilityRig(
                        tmp, newId(), stack.kafka().bootstrapServers(), stack.registry().url());
        AppConfig live = ConfigLoader.fromProcess().load(rig.config, Map.of());
        List<Double> recoveries = new ArrayList<>();
        List<Double> joins = new ArrayList<>();
        String load;

        // When instances are killed with SIGKILL while uploads arrive, under CPU stress
        try (CpuStress stress = CpuStress.twiceTheCores();
                SchemaRegistryClient registry = new SchemaRegistryClient(live.registry())) {
            load = "CPU stress: " + stress.threads() + " busy threads";
            rig.writeSharedArchive(); // so that every restart maps it, as the launcher's do
            Process p = rig.start();
            rig.awaitReady(p);
            Topics topics = Topics.from(live.topics(), registry, live.registry());
            // spread over the kills: each cycle is the work plus a restart (about 15 s)
            Duration pause = WORK.plusSeconds(15).multipliedBy(KILLS).dividedBy(UPLOADS);
            Thread producer = rig.produce(live, topics, UPLOADS, pause);
            for (int k = 0; k < KILLS; k++) {
                Thread.sleep(WORK.toMillis());
                p.destroyForcibly(); // SIGKILL
                assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
                long killed = System.nanoTime();
                p = rig.start();
                rig.awaitReady(p);
                recoveries.add((System.nanoTime() - killed) / 1e9);
                joins.add(rig.joinSeconds());
            }
            producer.join();
            Counts counts = finish(rig, live, topics, p);
            String recovery =
                    String.format(
                            Locale.ROOT,
                            "%.1f s (%.1f s); Kafka Streams' part %.1f s (%.1f s)",
                            median(recoveries),
                            Collections.max(recoveries),
                            median(joins),
                            Collections.max(joins));
            record(KILLS + " x kill -9 of `run` (child JVM)", load, counts, recovery);

            // Then every upload has exactly one outcome, no fencing was logged as ERROR
            counts.assertExactlyOnce();
            // and the restarted instances joined without waiting out a session timeout
            assertThat(median(joins)).isLessThan(RECOVERY_BOUND.toSeconds());
        }
        // and the clean stop removed the instance's state folder
        assertThat(Path.of(System.getProperty("java.io.tmpdir"), "quality-monitor-state", rig.id))
                .doesNotExist();
    }

    @Test
    void shouldGiveEveryUploadOneOutcomeThroughABrokerRestart(AppConfig stack) throws Exception {
        // Given a broker of its own on a fixed port, and run on it
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofMinutes(2), freePort())) {
            ReliabilityRig rig =
                    new ReliabilityRig(
                            tmp, newId(), kafka.bootstrapServers(), stack.registry().url());
            AppConfig live = ConfigLoader.fromProcess().load(rig.config, Map.of());
            try (SchemaRegistryClient registry = new SchemaRegistryClient(live.registry())) {
                Process p = rig.start();
                rig.awaitReady(p);
                Topics topics = Topics.from(live.topics(), registry, live.registry());
                int uploads = Math.max(20, UPLOADS / 2);
                Duration pause = Duration.ofSeconds(12).dividedBy(uploads);
                Thread producer = rig.produce(live, topics, uploads, pause);

                // When the broker stops for 5 s in the middle of the stream
                Thread.sleep(3000);
                kafka.restartBroker(Duration.ofSeconds(5));
                producer.join();
                Counts counts = finish(rig, live, topics, p);
                record("broker restart (5 s down) mid-stream", "none", counts, "-");

                // Then every upload still has exactly one outcome
                counts.assertExactlyOnce();
            }
        }
    }

    @Test
    void shouldGiveEveryUploadOneOutcomeThroughAKillOfAReplay(AppConfig stack) throws Exception {
        // Given a history of uploads on topics of their own, which no instance has scored
        ReliabilityRig rig =
                new ReliabilityRig(
                        tmp, newId(), stack.kafka().bootstrapServers(), stack.registry().url());
        AppConfig live = ConfigLoader.fromProcess().load(rig.config, Map.of());
        int uploads = Math.max(120, UPLOADS);
        try (Wiring wiring = new Wiring(live);
                OutcomeLedger ledger = new OutcomeLedger(live, provisioned(wiring))) {
            rig.produce(live, wiring.topics(), uploads, Duration.ZERO).join();

            // When a replay is killed with SIGKILL once its first outcomes are committed, and
            // started again with the same run id
            Process first = rig.startReplay("again");
            long deadline = System.nanoTime() + ReliabilityRig.STAGE.toNanos();
            while (ledger.poll() == 0 && System.nanoTime() < deadline) {
                assertThat(first.isAlive()).as(rig.lastLog()).isTrue();
            }
            first.destroyForcibly(); // SIGKILL
            assertThat(first.waitFor(1, TimeUnit.MINUTES)).isTrue();
            int beforeRestart = ledger.poll();
            Process second = rig.startReplay("again");
            assertThat(second.waitFor(ReliabilityRig.STAGE.toMinutes(), TimeUnit.MINUTES)).isTrue();
            ledger.drain();
            long[] fencings = rig.fencings();
            Counts counts =
                    new Counts(
                            uploads,
                            ledger.lost(rig.sent()),
                            ledger.duplicated(),
                            ledger.unknown(rig.sent()),
                            fencings[0],
                            fencings[1]);
            record("kill -9 of `replay` mid-range, then its run id again", "none", counts, "-");

            // Then the killed run had not finished its range, the second one ended by itself
            // (on its committed offsets and empty buffers, whatever was processed again), and
            // every upload has exactly one outcome
            assertThat(beforeRestart).isLessThan(uploads);
            assertThat(second.exitValue()).as(rig.lastLog()).isZero();
            assertThat(rig.lastLog()).contains("replay again: " + uploads + " records in range");
            counts.assertExactlyOnce();
        }
    }

    private static Topics provisioned(Wiring wiring) {
        wiring.provisionTopics();
        wiring.registerSchemas();
        return wiring.topics();
    }

    /** Waits for every upload's outcome, stops the instance with SIGTERM and counts. */
    private static Counts finish(ReliabilityRig rig, AppConfig live, Topics topics, Process p)
            throws Exception {
        List<String> sent = rig.sent();
        try (OutcomeLedger ledger = new OutcomeLedger(live, topics)) {
            long deadline = System.nanoTime() + ReliabilityRig.STAGE.toNanos();
            while (ledger.poll() < sent.size() && System.nanoTime() < deadline) {
                assertThat(p.isAlive()).as(rig.lastLog()).isTrue();
            }
            p.destroy(); // SIGTERM: a clean stop
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(rig.lastLog()).isZero();
            ledger.drain();
            long[] fencings = rig.fencings();
            return new Counts(
                    sent.size(),
                    ledger.lost(sent),
                    ledger.duplicated(),
                    ledger.unknown(sent),
                    fencings[0],
                    fencings[1]);
        }
    }

    private static void record(String fault, String load, Counts c, String recovery)
            throws Exception {
        FaultTable.add(
                List.of(
                        fault,
                        load,
                        String.valueOf(c.uploads()),
                        String.valueOf(c.lost()),
                        String.valueOf(c.duplicated()),
                        c.fencingWarnings() + " / " + c.fencingErrors(),
                        recovery,
                        c.passed() ? "pass" : "FAIL"));
    }

    /** What one scenario counted. */
    private record Counts(
            int uploads,
            long lost,
            long duplicated,
            long unknown,
            long fencingWarnings,
            long fencingErrors) {
        boolean passed() {
            return lost == 0 && duplicated == 0 && unknown == 0 && fencingErrors == 0;
        }

        void assertExactlyOnce() {
            assertThat(lost).as("uploads without an outcome").isZero();
            assertThat(duplicated).as("extra outcomes").isZero();
            assertThat(unknown).as("outcomes of uploads never sent").isZero();
            assertThat(fencingErrors).as("fencings logged as ERROR").isZero();
        }
    }

    private static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static String newId() {
        return "rel-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
