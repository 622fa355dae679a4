package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.stream.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the reliability scenarios share: a run configuration with its own topics, {@code run}
 * started in JVMs of its own with a stable instance id (one log each), uploads sent at a steady
 * pace, and the fencing reports read back from the logs.
 */
final class ReliabilityRig {
    static final Path TINY_BUNDLE =
            Path.of("src/test/resources/bundles/tiny-both").toAbsolutePath();
    static final Duration STAGE = Duration.ofMinutes(3);
    // what ScoringApp logs once Kafka Streams is RUNNING and the model has warmed up
    static final String READY = "pipeline ready";

    final Path tmp;
    final String id;
    final Path config;
    final List<Path> logs = new ArrayList<>();
    // the upload ids sent so far (the producer thread adds to it)
    final List<String> sent = new ArrayList<>();

    /**
     * Writes the configuration of a run on {@code bootstrap} and {@code registryUrl} with the tiny
     * bundle, and three sample photos to send.
     */
    ReliabilityRig(Path tmp, String id, String bootstrap, String registryUrl) throws IOException {
        this(tmp, id, bootstrap, registryUrl, TINY_BUNDLE, Map.of());
        for (String name : List.of("kodim01.jpg", "kodim05.jpg", "kodim12.jpg")) {
            Files.copy(Path.of("../samples", name), images().resolve(name));
        }
    }

    /**
     * Writes the configuration of a run on {@code bootstrap} and {@code registryUrl} with the model
     * {@code modelDir} and the further {@code settings}; the files to send go in {@link #images}.
     */
    ReliabilityRig(
            Path tmp,
            String id,
            String bootstrap,
            String registryUrl,
            Path modelDir,
            Map<String, String> settings)
            throws IOException {
        this.tmp = tmp;
        this.id = id;
        Path images = Files.createDirectories(tmp.resolve("images"));
        Properties p = new Properties();
        p.setProperty("kafka.bootstrap.servers", bootstrap);
        p.setProperty("registry.url", registryUrl);
        p.setProperty("kafka.application.id", id);
        for (String topic : List.of("uploads", "scores", "alerts", "drift", "dead.letters")) {
            p.setProperty("topics." + topic, id + "-" + topic.replace('.', '-'));
        }
        p.setProperty("topics.partitions", "2");
        p.setProperty("fetch.file.roots", images.toString());
        p.setProperty("model.dir", modelDir.toString());
        p.setProperty("metrics.port", "0");
        p.putAll(settings);
        this.config = tmp.resolve(id + ".properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "reliability suite");
        }
    }

    /** Returns the folder of the files to send, under {@code fetch.file.roots}. */
    Path images() {
        return tmp.resolve("images");
    }

    /**
     * Starts {@code run} in a JVM of its own with this rig's instance id, as the launcher does (its
     * class path and AppCDS archive).
     */
    Process start() throws IOException {
        return startChild("run", "--create-topics");
    }

    /**
     * Starts {@code replay} of the whole upload topic in a JVM of its own with this rig's instance
     * id (a restarted run finds its state folder, so its first transaction fences the dead one's)
     * and run id {@code runId}; the topics must exist.
     */
    Process startReplay(String runId) throws IOException {
        return startChild("replay", "--run-id", runId);
    }

    /** Starts {@code command} with this rig's config and instance id, then {@code args}. */
    private Process startChild(String command, String... args) throws IOException {
        Path log = tmp.resolve(command + "-" + logs.size() + ".log");
        logs.add(log);
        List<String> argv = new ArrayList<>(List.of(command, "--config", config.toString()));
        // the flag beats the build's -Dqm.instance.id=none
        argv.addAll(List.of("--set", "instance.id=" + id));
        argv.addAll(List.of(args));
        return ChildJvm.startAsLauncher(log, argv);
    }

    /**
     * Waits until the last started instance logs that it is ready: Kafka Streams RUNNING and the
     * model warmed up (the later of the two; the warm-up runs beside Kafka Streams' start).
     */
    void awaitReady(Process p) throws Exception {
        ChildJvm.awaitLog(p, logs.getLast(), READY, STAGE);
    }

    /**
     * Writes the AppCDS archive of {@code run}, as a launcher's first clean stop does, when it is
     * missing or older than a jar of the app: one start and SIGTERM, so that the restarts measured
     * afterwards map it. A stale archive is removed first: the JVM ignores it but does not write it
     * again.
     */
    void writeSharedArchive() throws Exception {
        Path archive = ChildJvm.sharedArchive("run");
        if (Files.exists(archive) && !olderThanAJar(archive)) {
            return;
        }
        Files.deleteIfExists(archive);
        Process p = start();
        awaitReady(p);
        p.destroy(); // SIGTERM: the JVM writes the archive as it exits
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(archive).as(lastLog()).exists();
    }

    private static boolean olderThanAJar(Path archive) throws IOException {
        FileTime written = Files.getLastModifiedTime(archive);
        try (Stream<Path> jars = Files.list(Path.of("target/app/lib"))) {
            return jars.anyMatch(
                    j -> {
                        try {
                            return Files.getLastModifiedTime(j).compareTo(written) > 0;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
    }

    /**
     * Returns the seconds the last started instance's Kafka Streams took from its start ({@code
     * CREATED -> REBALANCING}) to {@code -> RUNNING}, by the log's timestamps: the part of a
     * recovery that the group and the transactions decide (the JVM start and the model load come
     * before).
     */
    double joinSeconds() throws IOException {
        List<String> lines = Files.readAllLines(logs.getLast());
        LocalTime start = timeOf(lines, "CREATED -> REBALANCING");
        LocalTime running = timeOf(lines, "-> RUNNING");
        double s = Duration.between(start, running).toMillis() / 1000.0;
        return s < 0 ? s + 24 * 3600 : s; // past midnight
    }

    private static LocalTime timeOf(List<String> lines, String text) {
        return lines.stream()
                .filter(l -> l.contains(text))
                .findFirst()
                .map(l -> LocalTime.parse(l.substring(0, l.indexOf(' '))))
                .orElseThrow(() -> new AssertionError("no '" + text + "' in the log"));
    }

    /** Returns the log of the last started instance. */
    String lastLog() throws IOException {
        return Files.readString(logs.getLast());
    }

    /**
     * Returns a thread sending {@code count} uploads, one per {@code pause}; every tenth names a
     * missing file, so that it ends in a dead letter.
     */
    Thread produce(AppConfig live, Topics topics, int count, Duration pause) {
        return Thread.ofPlatform().start(() -> send(live, topics, count, pause));
    }

    private void send(AppConfig live, Topics topics, int count, Duration pause) {
        try (var producer = producer(live, topics);
                var files = Files.list(images())) {
            List<Path> images = files.sorted().toList();
            for (int i = 0; i < count; i++) {
                Path image =
                        i % 10 == 9
                                ? images().resolve("missing-" + i + ".jpg")
                                : images.get(i % images.size());
                send(producer, topics, "u-" + i, image);
                Thread.sleep(pause.toMillis());
            }
            producer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends one upload per file in {@link #images}, its id the file's name. */
    void sendEach(AppConfig live, Topics topics) throws IOException {
        try (var producer = producer(live, topics);
                var files = Files.list(images())) {
            for (Path image : files.sorted().toList()) {
                send(producer, topics, image.getFileName().toString(), image);
            }
            producer.flush();
        }
    }

    private static KafkaProducer<String, ImageUpload> producer(AppConfig live, Topics topics) {
        return new KafkaProducer<>(
                live.kafka().clientProperties(),
                new StringSerializer(),
                topics.uploadSerde().serializer());
    }

    private void send(
            KafkaProducer<String, ImageUpload> producer, Topics topics, String id, Path image) {
        ImageUpload u =
                ImageUpload.newBuilder()
                        .setUploadId(id)
                        .setImageUri(image.toUri().toString())
                        .setSegments(Map.of("platform", "reliability"))
                        .setEventTime(Instant.now())
                        .build();
        producer.send(new ProducerRecord<>(topics.uploadNames().get(0), id, u));
        synchronized (sent) {
            sent.add(id);
        }
    }

    /** Returns the ids sent. */
    List<String> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** Returns the fencing reports in all the logs: {WARN lines, ERROR lines}. */
    long[] fencings() throws IOException {
        long warn = 0;
        long error = 0;
        for (Path log : logs) {
            for (String line : Files.readAllLines(log)) {
                String l = line.toLowerCase(Locale.ROOT);
                boolean fencing =
                        l.contains("fenced")
                                || l.contains("producerepoch")
                                || l.contains("fencing");
                if (fencing && line.contains(" WARN ")) {
                    warn++;
                } else if (fencing && line.contains(" ERROR ")) {
                    error++;
                }
            }
        }
        return new long[] {warn, error};
    }

    /** Returns how many lines of all the logs are at ERROR level. */
    long errors() throws IOException {
        long n = 0;
        for (Path log : logs) {
            n += Files.readAllLines(log).stream().filter(l -> l.contains(" ERROR ")).count();
        }
        return n;
    }
}
