package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.qualitymonitor.image.TestImages;
import io.qualitymonitor.model.ScoreField;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScoreCommandTest {
    private static final String BUNDLE =
            Path.of("src/test/resources/bundles/tiny-both").toAbsolutePath().toString();

    @TempDir Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int score(String... args) {
        CommandLine cmd = new CommandLine(new ScoreCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void shouldScoreAFolderRecursivelyAndReportEachFailureWithItsReason() throws Exception {
        // Given a folder with two good images (one in a sub-folder), a truncated JPEG and a text
        // file
        Files.createDirectories(tmp.resolve("sub"));
        Files.write(tmp.resolve("a.png"), TestImages.encode(TestImages.pattern(320, 240), "png"));
        Files.write(
                tmp.resolve("sub/b.jpg"), TestImages.encode(TestImages.pattern(240, 320), "jpg"));
        byte[] jpg = TestImages.encode(TestImages.pattern(256, 256), "jpg");
        Files.write(tmp.resolve("c.jpg"), Arrays.copyOf(jpg, jpg.length / 2));
        Files.writeString(tmp.resolve("d.png"), "not a picture", StandardCharsets.UTF_8);
        // When it is scored as CSV
        int code = score(tmp.toString(), "--model", BUNDLE, "--format", "csv", "--batch-size", "3");
        // Then every file has a row, failures carry their reason, and the exit code says some
        // failed
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("file,score,");
        assertThat(lines).hasSize(5);
        assertThat(row(lines, "a.png")).matches(".*a\\.png,\\d+\\.\\d{3},.*");
        assertThat(row(lines, "b.jpg")).matches(".*b\\.jpg,\\d+\\.\\d{3},.*");
        assertThat(row(lines, "c.jpg")).contains("DECODE_FAILED");
        assertThat(row(lines, "d.png")).contains("NOT_AN_IMAGE");
        assertThat(code).isEqualTo(ExitCodes.PARTIAL_FAILURE);
        assertThat(err.toString())
                .contains("random weights")
                .contains("2 of 4 inputs could not be scored");
    }

    @Test
    void shouldWriteJsonWithBranchScoresAndExitZeroWhenAllScored() throws Exception {
        Path img = tmp.resolve("one.png");
        Files.write(img, TestImages.encode(TestImages.pattern(300, 200), "png"));
        int code = score(img.toString(), "--model", BUNDLE, "--format", "json", "--threads", "2");
        JsonNode rows = new ObjectMapper().readTree(out.toString());
        assertThat(code).isZero();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("score").asDouble()).isBetween(0.0, 100.0);
        JsonNode row = rows.get(0);
        // every score field of a bundle with both branches, named as in the QualityScore record
        assertThat(row.fieldNames())
                .toIterable()
                .containsSubsequence(
                        "file",
                        "score",
                        "lowLevelScore",
                        "visionLanguageHeadScore",
                        "combinedScore",
                        "zeroShotScore",
                        "attributes",
                        "imageWidth",
                        "imageHeight",
                        "decodeMs",
                        "inferenceMs");
        assertThat(row.get("combinedScore").asDouble()).isEqualTo(row.get("score").asDouble());
        assertThat(row.get("imageWidth").asInt()).isEqualTo(300);
    }

    @Test
    void shouldSayInItsHelpWhatEachScoreColumnIs() {
        // When the help is asked for
        int code = score("--help");
        // Then every score field is named with what it is
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(code).isZero();
        for (ScoreField f : ScoreField.values()) {
            assertThat(help).contains(f.fieldName() + ": " + f.description());
        }
        assertThat(help).contains("score: overall quality 0-100, the bundle's output head");
    }

    @Test
    void shouldFetchUrlsThroughTheSafeFetcher() throws Exception {
        // Given an image served on loopback (allowed explicitly) and a metadata-address URL
        byte[] png = TestImages.encode(TestImages.pattern(300, 200), "png");
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/img.png",
                ex -> {
                    ex.sendResponseHeaders(200, png.length);
                    ex.getResponseBody().write(png);
                    ex.close();
                });
        server.start();
        try {
            String good = "http://127.0.0.1:" + server.getAddress().getPort() + "/img.png";

            // When both are scored
            int code =
                    score(
                            good,
                            "http://169.254.169.254/latest/meta-data/x.jpg",
                            "--model",
                            BUNDLE,
                            "--format",
                            "csv",
                            "--set",
                            "fetch.allow.hosts=127.0.0.1:*");

            // Then the served image is scored and the metadata URL is refused with its reason
            assertThat(code).isEqualTo(ExitCodes.PARTIAL_FAILURE);
            List<String> lines = out.toString().lines().toList();
            assertThat(row(lines, "img.png")).doesNotContain("BLOCKED").contains(",300,200,");
            assertThat(row(lines, "x.jpg")).contains("BLOCKED_ADDRESS");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldRejectAnUnknownFormatAsAUsageError() throws Exception {
        Path img = tmp.resolve("one.png");
        Files.write(img, TestImages.encode(TestImages.pattern(300, 200), "png"));
        CommandLine cmd = new CommandLine(new ScoreCommand());
        cmd.setErr(new PrintWriter(err, true));
        QualityMonitorCommand.withErrorHandling(cmd);
        assertThat(cmd.execute(img.toString(), "--model", BUNDLE, "--format", "xml"))
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void shouldExplainEachScoreByItsAttributesAndAddAPromptPairOfTheUsers() throws Exception {
        // Given an image and a bundle with the vision-language branch
        Path img = tmp.resolve("one.png");
        Files.write(img, TestImages.encode(TestImages.pattern(300, 200), "png"));
        // When it is scored with --explain and a prompt pair of the user's own
        int code =
                score(
                        img.toString(),
                        "--model",
                        BUNDLE,
                        "--explain",
                        "--prompt",
                        "vivid=a vivid photo.|a dull photo.");
        // Then the table has a why: line naming every attribute, the new one included
        List<String> lines = out.toString().lines().toList();
        assertThat(code).isZero();
        String why = lines.stream().filter(l -> l.strip().startsWith("why:")).findFirst().get();
        assertThat(why).contains("sharpness").contains("noise").contains("vivid");
        // and the JSON carries the new attribute's score and the explanation
        out.getBuffer().setLength(0);
        score(
                img.toString(),
                "--model",
                BUNDLE,
                "--format",
                "json",
                "--explain",
                "--prompt",
                "vivid=a vivid photo.|a dull photo.");
        JsonNode row = new ObjectMapper().readTree(out.toString()).get(0);
        assertThat(row.get("attributes").get("vivid").asDouble()).isBetween(0.0, 100.0);
        assertThat(row.get("explanation").asText()).contains("vivid");
    }

    @Test
    void shouldRefuseExplainOnABundleWithoutTheVisionLanguageBranch() throws Exception {
        Path img = tmp.resolve("one.png");
        Files.write(img, TestImages.encode(TestImages.pattern(300, 200), "png"));
        CommandLine cmd = new CommandLine(new ScoreCommand());
        cmd.setErr(new PrintWriter(err, true));
        QualityMonitorCommand.withErrorHandling(cmd);
        String lowOnly =
                Path.of("src/test/resources/bundles/tiny-lowlevel").toAbsolutePath().toString();
        assertThat(cmd.execute(img.toString(), "--model", lowOnly, "--explain"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("no vision-language branch");
        assertThat(cmd.execute(img.toString(), "--model", BUNDLE, "--prompt", "vivid"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(cmd.execute(img.toString(), "--model", BUNDLE, "--prompt", " =a|b"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("NAME=POSITIVE|NEGATIVE");
    }

    private static String row(List<String> lines, String name) {
        return lines.stream().filter(l -> l.contains(name)).findFirst().orElseThrow();
    }
}
