package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qualitymonitor.app.Wiring;
import io.qualitymonitor.app.demo.SampleUploads;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.embedded.SharedStack;
import io.qualitymonitor.model.TestBundles;
import io.qualitymonitor.report.TopicScan;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.schemas.QualityScore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay compare} on the real broker and registry: the demo's uploads replayed with two test
 * bundles, then compared through the command line.
 */
@ExtendWith(SharedStack.class)
class ReplayCompareCommandIntegrationTest {
    private static final int UPLOADS = 18;

    @TempDir Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintTheTableAndWriteThePageOfTwoReplaysWithTwoBundles(AppConfig stack)
            throws Exception {
        // Given the demo's sample uploads on fresh topics, segmented by platform
        Map<String, String> settings = settings(stack);
        AppConfig cfg = ConfigLoader.fromProcess().load(null, settings);
        try (Wiring wiring = new Wiring(cfg)) {
            wiring.provisionTopics();
            wiring.registerSchemas();
            produceDemoUploads(cfg, wiring);

            // When they are replayed with two bundles
            assertThat(
                            run(
                                    settings,
                                    "replay",
                                    "--run-id",
                                    "lowlevel",
                                    "--model",
                                    TestBundles.LOWLEVEL.toString(),
                                    "--timeout",
                                    "5"))
                    .as(this::stderr)
                    .isZero();
            // the second into a scores topic of its own, as a replay beside live does
            String ownTopic = cfg.topics().scores() + "-both";
            assertThat(
                            run(
                                    settings,
                                    "replay",
                                    "--set",
                                    "topics.scores=" + ownTopic,
                                    "--create-topics",
                                    "--run-id",
                                    "both",
                                    "--model",
                                    TestBundles.BOTH.toString(),
                                    "--timeout",
                                    "5"))
                    .as(this::stderr)
                    .isZero();
            // and compared under a threshold at the first run's median score
            Map<String, Map<String, QualityScore>> runs =
                    readRuns(cfg, wiring, List.of(cfg.topics().scores(), ownTopic));
            double[] a = scores(runs.get("lowlevel"));
            double[] b = scores(runs.get("both"));
            double threshold = median(a);
            Path json = tmp.resolve("compare.json");
            Path page = tmp.resolve("page/compare.html");
            out.reset();
            int code =
                    run(
                            settings,
                            "replay",
                            "compare",
                            "--run-id",
                            "lowlevel",
                            "--run-id",
                            "both",
                            "--scores-topic",
                            cfg.topics().scores(),
                            "--scores-topic",
                            ownTopic,
                            "--set",
                            "alerts.threshold=" + threshold,
                            "--json",
                            json.toString(),
                            "--html",
                            page.toString());

            // Then the table has every segment, with all uploads on both sides
            assertThat(code).as(this::stderr).isZero();
            String table = out.toString(StandardCharsets.UTF_8);
            assertThat(table)
                    .contains("A = lowlevel: " + UPLOADS + " uploads")
                    .contains("B = both: " + UPLOADS + " uploads");
            for (String segment :
                    List.of("all", "platform=android", "platform=ios", "platform=web")) {
                assertThat(table)
                        .containsPattern(
                                "\\| "
                                        + segment
                                        + " +\\| +"
                                        + (segment.equals("all") ? UPLOADS : UPLOADS / 3)
                                        + " +\\| +0 +\\| +0 +\\|");
            }
            // and its figures agree with those computed here from the scores topic
            JsonNode all = new ObjectMapper().readTree(json.toFile()).at("/segments/0");
            assertThat(all.at("/segment").asText()).isEqualTo("all");
            assertThat(all.at("/srcc").asDouble())
                    .isCloseTo(new SpearmansCorrelation().correlation(a, b), within(1e-9));
            double[] d = new double[a.length];
            Arrays.setAll(d, i -> b[i] - a[i]);
            assertThat(all.at("/delta/mean").asDouble())
                    .isCloseTo(Arrays.stream(d).average().orElseThrow(), within(1e-9));
            assertThat(all.at("/delta/maxAbs").asDouble())
                    .as("the bundles score differently")
                    .isPositive();
            long raised = 0;
            long cleared = 0;
            for (int i = 0; i < a.length; i++) {
                raised += b[i] < threshold && a[i] >= threshold ? 1 : 0;
                cleared += a[i] < threshold && b[i] >= threshold ? 1 : 0;
            }
            assertThat(all.at("/alertFlips/raised").asLong()).isEqualTo(raised);
            assertThat(all.at("/alertFlips/cleared").asLong()).isEqualTo(cleared);
            assertThat(raised + cleared).as("a median threshold flips some uploads").isPositive();
            // and the page shows each segment with its two plots, drawn as PNG files
            String html = Files.readString(page);
            assertThat(html).contains("<h2>platform=web</h2>");
            try (var files = Files.list(page.getParent())) {
                List<Path> pngs = files.filter(p -> p.toString().endsWith(".png")).toList();
                assertThat(pngs).hasSize(8);
                for (Path png : pngs) {
                    assertThat(html).contains("<img src=\"" + png.getFileName() + "\">");
                    assertThat(ImageIO.read(png.toFile())).isNotNull();
                }
            }

            // and a side without scores (no live scoring ran) is refused in one line, naming the
            // runs
            err.reset();
            assertThat(
                            run(
                                    settings,
                                    "replay",
                                    "compare",
                                    "--live",
                                    "--run-id",
                                    "both",
                                    "--scores-topic",
                                    cfg.topics().scores(),
                                    "--scores-topic",
                                    ownTopic))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString(StandardCharsets.UTF_8).strip())
                    .hasLineCount(1)
                    .contains(
                            "no live scores on '" + cfg.topics().scores() + "', '" + ownTopic + "'")
                    .contains("replay runs there: both, lowlevel");
        }
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private int run(Map<String, String> settings, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        int at = args[1].equals("compare") ? 2 : 1;
        settings.forEach((k, v) -> all.addAll(at, List.of("--set", k + "=" + v)));
        return QualityMonitorCommand.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                all.toArray(String[]::new));
    }

    private static Map<String, String> settings(AppConfig stack) {
        String p = "cmp" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<String, String> s = new LinkedHashMap<>();
        s.put("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
        s.put("registry.url", stack.registry().url());
        s.put("kafka.application.id", p + "app");
        for (String t :
                List.of("uploads", "scores", "alerts", "drift", "dead.letters", "baselines")) {
            s.put("topics." + t, p + t.replace('.', '-'));
        }
        s.put("topics.partitions", "2");
        s.put("kafka.commit.interval.ms", "100");
        s.put("fetch.file.roots", Path.of("../samples").toAbsolutePath().normalize().toString());
        s.put("drift.segments", "platform");
        return s;
    }

    private static void produceDemoUploads(AppConfig cfg, Wiring wiring) {
        SampleUploads samples = SampleUploads.fromDirectory(Path.of("../samples"));
        try (KafkaProducer<String, ImageUpload> producer =
                new KafkaProducer<>(
                        cfg.kafka().clientProperties(),
                        new StringSerializer(),
                        wiring.uploadSerde().serializer())) {
            for (int i = 0; i < UPLOADS; i++) {
                ImageUpload u = samples.upload(i, Instant.now());
                producer.send(
                        new ProducerRecord<>(cfg.topics().uploads().get(0), u.getUploadId(), u));
            }
            producer.flush();
        }
    }

    private static Map<String, Map<String, QualityScore>> readRuns(
            AppConfig cfg, Wiring wiring, List<String> topics) {
        Map<String, Map<String, QualityScore>> runs = new HashMap<>();
        var deserializer = wiring.topics().scores().valueSerde().deserializer();
        for (String topic : topics) {
            new TopicScan(cfg.kafka().clientProperties())
                    .scan(
                            topic,
                            r -> {
                                QualityScore s = deserializer.deserialize(r.topic(), r.value());
                                runs.computeIfAbsent(s.getReplayRunId(), k -> new TreeMap<>())
                                        .put(s.getUploadId(), s);
                            });
        }
        assertThat(runs.get("lowlevel")).hasSize(UPLOADS);
        assertThat(runs.get("both")).hasSize(UPLOADS);
        return runs;
    }

    // in upload id order (the runs' maps are sorted), so both arrays pair the same uploads
    private static double[] scores(Map<String, QualityScore> run) {
        return run.values().stream().mapToDouble(QualityScore::getScore).toArray();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
