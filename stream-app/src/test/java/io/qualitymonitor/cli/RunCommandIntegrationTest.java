package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.deploy.MonitoringQueries;
import io.qualitymonitor.embedded.SharedStack;
import io.qualitymonitor.model.ScoreField;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.serde.SchemaRegistryClient;
import io.qualitymonitor.stream.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run} against a real broker and registry: scores that match {@code score}'s, health,
 * metrics and a clean stop.
 */
@ExtendWith(SharedStack.class)
class RunCommandIntegrationTest {
    // Both branches, so that every score field is filled.
    private static final Path TINY_BUNDLE =
            Path.of("src/test/resources/bundles/tiny-both").toAbsolutePath();
    // Scores of one image in two batches of different make-up differ by float rounding only.
    private static final double TOLERANCE = 0.01;
    private static final List<String> IMAGES = List.of("kodim01.jpg", "kodim05.jpg", "kodim12.jpg");

    @TempDir Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldScoreUploadsServeHealthAndMetricsAndStopWithExitCodeZero(AppConfig stack)
            throws Exception {
        // Given a config file for the shared broker and registry, with fresh topic names
        Path images = copyImages(tmp.resolve("images"));
        Path configFile = writeConfig(stack, images);
        int port = freePort();
        RunCommandLine run = new RunCommandLine();

        // When the command runs with --create-topics and uploads arrive
        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(
                        () ->
                                run.execute(
                                        "--config",
                                        configFile.toString(),
                                        "--set",
                                        "model.dir=" + TINY_BUNDLE,
                                        "--create-topics",
                                        "--metrics-port",
                                        Integer.toString(port)));
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250))
                .failFast("run ended early: " + run.stderr(), exit::isDone)
                .until(() -> status(port, "/health/ready") == 200);
        AppConfig live = ConfigLoader.fromProcess().load(configFile, Map.of());
        Map<String, QualityScore> scores;
        try (SchemaRegistryClient registry = new SchemaRegistryClient(live.registry())) {
            Topics topics = Topics.from(live.topics(), registry, live.registry());
            produceUploads(live, topics, images);
            scores = readScores(live, topics, IMAGES.size());
        }

        // Then every upload is scored, each field as `score` gives it for the same image
        assertThat(scores).containsOnlyKeys("u-0", "u-1", "u-2");
        JsonNode offline = scoreOffline(images);
        for (int i = 0; i < IMAGES.size(); i++) {
            assertSameScores(scores.get("u-" + i), offline.get(i));
        }
        // and health and metrics answer, with every metric the dashboard and the alerting rules
        // query (k8s/monitoring), and a stop exits with 0
        assertThat(status(port, "/health/live")).isEqualTo(200);
        assertThat(body(port, "/metrics")).contains("qm_stream_records_in_total");
        Set<String> queried = MonitoringQueries.appMetricNames();
        assertThat(queried).contains("qm_stream_end_to_end_seconds_bucket");
        // Micrometer picks up Kafka's client metrics (the lag) once a minute.
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(
                        () ->
                                assertThat(MonitoringQueries.scrapedNames(body(port, "/metrics")))
                                        .containsAll(queried));
        run.command.stop();
        assertThat(exit.get(2, TimeUnit.MINUTES)).isZero();
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void shouldStopCleanlyOnSigtermAndExitWithCodeZero(AppConfig stack) throws Exception {
        // Given run in a JVM of its own, as the launcher starts it, on the shared broker and
        // registry
        Path configFile = writeConfig(stack, copyImages(tmp.resolve("images")));

        // When it gets SIGTERM once the pipeline started, as a container stop or kill sends
        String log = runUntilSigterm(ChildJvm::start, configFile, tmp.resolve("run.log"));

        // Then it committed and closed (and exited with 0, not the JVM's 143)
        assertThat(log)
                .contains("SIGTERM received: stopping cleanly")
                .contains("stopped cleanly")
                .doesNotContain(" ERROR ");
    }

    @Test
    void shouldRunThePipelineOnTheImagesClassPathWithoutTheBroker(AppConfig stack)
            throws Exception {
        // Given run in a JVM of its own on the container image's class path (no Kafka broker,
        // Scala or test jars: stream-app/pom.xml, app-runtime-lib)
        Path configFile = writeConfig(stack, copyImages(tmp.resolve("images")));

        // When it has started the pipeline and gets SIGTERM
        String log =
                runUntilSigterm(
                        ChildJvm::startOnImageClassPath, configFile, tmp.resolve("run-image.log"));

        // Then it stopped cleanly (exit code 0): no class was missing on the way
        assertThat(log)
                .doesNotContain("NoClassDefFoundError")
                .doesNotContain("ClassNotFoundException");
    }

    @Test
    void shouldFailFastInOneLineWhenTheRegistryIsUnreachable(AppConfig stack) throws Exception {
        // Given a reachable broker and a registry address where nothing listens
        RunCommandLine run = new RunCommandLine();

        // When
        int code =
                run.execute(
                        "--set",
                        "kafka.bootstrap.servers=" + stack.kafka().bootstrapServers(),
                        "--set",
                        "registry.url=http://127.0.0.1:" + freePort(),
                        "--set",
                        "registry.max.retries=0",
                        "--startup-timeout",
                        "10");

        // Then
        assertThat(code).isEqualTo(ExitCodes.RUNTIME);
        assertThat(run.stderr().strip().lines()).hasSize(1);
        assertThat(run.stderr()).startsWith("error: cannot reach the Schema Registry at http");
    }

    @Test
    void shouldRefuseToStartWhenTopicsAreMissingAndCreationIsOff(AppConfig stack) throws Exception {
        // Given fresh topic names that do not exist on the broker
        Path configFile = writeConfig(stack, copyImages(tmp.resolve("images")));
        RunCommandLine run = new RunCommandLine();

        // When the command runs without --create-topics
        int code = run.execute("--config", configFile.toString());

        // Then
        assertThat(code).isEqualTo(ExitCodes.RUNTIME);
        assertThat(run.stderr().strip().lines()).hasSize(1);
        assertThat(run.stderr())
                .contains("topics missing on the broker")
                .contains("--create-topics");
    }

    /** Starts a child JVM with its class path and its log file. */
    @FunctionalInterface
    private interface ChildStart {
        Process start(Path log, List<String> args) throws IOException;
    }

    /**
     * Returns the log of {@code run} on the tiny bundle, started in its own JVM by {@code start},
     * after a SIGTERM once the pipeline started; checks that it exited with 0 within two minutes.
     */
    private static String runUntilSigterm(ChildStart start, Path configFile, Path log)
            throws Exception {
        List<String> args =
                List.of(
                        "run",
                        "--config",
                        configFile.toString(),
                        "--set",
                        "model.dir=" + TINY_BUNDLE,
                        "--create-topics");
        Process run = start.start(log, args);
        try {
            ChildJvm.awaitLog(run, log, "pipeline started", Duration.ofMinutes(3));
            run.destroy();
            assertThat(run.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(run.exitValue()).as(Files.readString(log)).isZero();
        } finally {
            run.destroyForcibly();
        }
        return Files.readString(log);
    }

    private Path writeConfig(AppConfig stack, Path images) throws IOException {
        String id = "run-it-" + UUID.randomUUID().toString().substring(0, 8);
        Properties p = new Properties();
        p.setProperty("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
        p.setProperty("registry.url", stack.registry().url());
        p.setProperty("kafka.application.id", id);
        p.setProperty("kafka.state.dir", tmp.resolve("state").toString());
        p.setProperty("topics.uploads", id + "-uploads");
        p.setProperty("topics.scores", id + "-scores");
        p.setProperty("topics.alerts", id + "-alerts");
        p.setProperty("topics.drift", id + "-drift");
        p.setProperty("topics.dead.letters", id + "-dead-letters");
        p.setProperty("topics.partitions", "2");
        p.setProperty("fetch.file.roots", images.toString());
        p.setProperty("batch.max.delay.ms", "20");
        Path file = tmp.resolve(id + ".properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "run integration test");
        }
        return file;
    }

    private static Path copyImages(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : IMAGES) {
            Files.copy(Path.of("../samples", name), dir.resolve(name));
        }
        return dir;
    }

    private static void produceUploads(AppConfig live, Topics topics, Path images) {
        try (KafkaProducer<String, ImageUpload> producer =
                new KafkaProducer<>(
                        live.kafka().clientProperties(),
                        new StringSerializer(),
                        topics.uploadSerde().serializer())) {
            for (int i = 0; i < IMAGES.size(); i++) {
                ImageUpload u =
                        ImageUpload.newBuilder()
                                .setUploadId("u-" + i)
                                .setImageUri(images.resolve(IMAGES.get(i)).toUri().toString())
                                .setSegments(Map.of("platform", "test"))
                                .setEventTime(Instant.now())
                                .build();
                producer.send(new ProducerRecord<>(topics.uploadNames().get(0), "u-" + i, u));
            }
            producer.flush();
        }
    }

    /** Returns {@code score --format json} over the images, one object per image in order. */
    private static JsonNode scoreOffline(Path images) throws IOException {
        StringWriter out = new StringWriter();
        CommandLine score = new CommandLine(new ScoreCommand());
        score.setOut(new PrintWriter(out, true));
        score.setErr(new PrintWriter(new StringWriter(), true));
        List<String> args = new ArrayList<>(List.of("--model", TINY_BUNDLE.toString()));
        args.addAll(List.of("--format", "json"));
        IMAGES.forEach(name -> args.add(images.resolve(name).toString()));
        assertThat(score.execute(args.toArray(String[]::new))).isZero();
        JsonNode rows = new ObjectMapper().readTree(out.toString());
        assertThat(rows).hasSize(IMAGES.size());
        return rows;
    }

    /**
     * Checks every field of {@code row} that the record also has (timings aside) against the
     * record, and that the score fields the row lacks are null in the record.
     */
    private static void assertSameScores(QualityScore record, JsonNode row) {
        assertThat(record.getImageUri())
                .endsWith(Path.of(row.get("file").asText()).getFileName().toString());
        int compared = 0;
        for (var e : row.properties()) {
            String name = e.getKey();
            if (QualityScore.getClassSchema().getField(name) == null || name.endsWith("Ms")) {
                continue;
            }
            Object value = record.get(name);
            JsonNode expected = e.getValue();
            if (expected.isObject()) {
                Map<?, ?> map = (Map<?, ?>) value;
                assertThat(map).as(name).hasSize(expected.size());
                expected.properties()
                        .forEach(
                                a ->
                                        assertThat((Double) map.get(a.getKey()))
                                                .as(name + "." + a.getKey())
                                                .isCloseTo(
                                                        a.getValue().asDouble(),
                                                        within(TOLERANCE)));
            } else if (expected.isInt()) {
                assertThat(value).as(name).isEqualTo(expected.asInt());
            } else {
                assertThat((Double) value)
                        .as(name)
                        .isCloseTo(expected.asDouble(), within(TOLERANCE));
            }
            compared++;
        }
        for (ScoreField f : ScoreField.values()) {
            assertThat(row.has(f.fieldName())).as(f.fieldName()).isTrue();
        }
        // score, four score fields, attributes, width and height
        assertThat(compared).isEqualTo(1 + ScoreField.values().length + 3);
        assertThat(record.getVisionLanguageScore()).isEqualTo(record.getZeroShotScore());
    }

    private static Map<String, QualityScore> readScores(
            AppConfig live, Topics topics, int expected) {
        Properties props = live.kafka().clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "run-it-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, QualityScore> scores = new HashMap<>();
        try (KafkaConsumer<String, QualityScore> consumer =
                new KafkaConsumer<>(
                        props,
                        new StringDeserializer(),
                        topics.scores().valueSerde().deserializer())) {
            consumer.subscribe(List.of(topics.scores().name()));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (scores.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, QualityScore> r :
                        consumer.poll(Duration.ofMillis(500))) {
                    scores.put(r.value().getUploadId(), r.value());
                }
            }
        }
        return scores;
    }

    private int status(int port, String path) {
        try {
            return http.send(request(port, path), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String body(int port, String path) throws IOException, InterruptedException {
        return http.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
