package io.qualitymonitor.tools.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qualitymonitor.config.AlertConfig;
import io.qualitymonitor.drift.SegmentKeys;
import io.qualitymonitor.stream.AlertPolicy;
import io.qualitymonitor.tools.evaluate.ScatterPlot;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareOutputTest {
    @TempDir Path tmp;

    private static final Map<String, String> IOS = Map.of("platform", "ios");
    private static final Map<String, String> WEB = Map.of("platform", "web");

    // ios: 4 uploads, B = A + 2 except u4 (-30); web: 2 uploads (too few for a correlation)
    private final Comparison comparison =
            new ScoreComparison(
                            new SegmentKeys(List.of(List.of("platform"))),
                            new AlertPolicy(new AlertConfig(40, Map.of())),
                            5)
                    .compare(
                            new SideScores(
                                    Side.live(),
                                    Map.of(
                                            "u1", new ScoredUpload(20, IOS),
                                            "u2", new ScoredUpload(50, IOS),
                                            "u3", new ScoredUpload(60, IOS),
                                            "u4", new ScoredUpload(65, IOS),
                                            "w1", new ScoredUpload(70, WEB),
                                            "w2", new ScoredUpload(80, WEB)),
                                    List.of("qm-default 1")),
                            new SideScores(
                                    Side.run("candidate"),
                                    Map.of(
                                            "u1", new ScoredUpload(22, IOS),
                                            "u2", new ScoredUpload(52, IOS),
                                            "u3", new ScoredUpload(62, IOS),
                                            "u4", new ScoredUpload(35, IOS),
                                            "w1", new ScoredUpload(72, WEB),
                                            "w2", new ScoredUpload(82, WEB)),
                                    List.of("qm-default 2")));

    @Test
    void shouldPrintOneRowPerSegmentWithTheSidesAndTheFlippedUploads() {
        String text = CompareTable.text(comparison);

        assertThat(text)
                .startsWith(
                        "A = (live): 6 uploads, model qm-default 1\n"
                                + "B = candidate: 6 uploads, model qm-default 2\n")
                .contains("alerts B raises (1): u4\n")
                .contains("alerts B clears: none\n");
        // figures checked with scipy.stats.spearmanr and numpy (std ddof=1, percentile linear)
        assertThat(row(text, "all"))
                .containsExactly(
                        "all", "6", "0", "0", "0.829", "-3.33", "13.06", "-22.00", "+2.00", "+2.00",
                        "30.00", "1", "0");
        assertThat(row(text, "platform=web")).contains("n/a");
    }

    @Test
    void shouldWriteJsonWithNullWhereAStatisticIsUndefined() throws Exception {
        Path file = tmp.resolve("out/compare.json");

        CompareTable.writeJson(comparison, file);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.at("/a/side").asText()).isEqualTo("(live)");
        assertThat(json.at("/a/runId").isNull()).isTrue();
        assertThat(json.at("/b/models/0").asText()).isEqualTo("qm-default 2");
        assertThat(json.at("/segments/0/segment").asText()).isEqualTo("all");
        assertThat(json.at("/segments/0/delta/median").asDouble()).isEqualTo(2.0);
        assertThat(json.at("/segments/0/alertFlips/raisedExamples/0").asText()).isEqualTo("u4");
        assertThat(json.at("/segments/2/segment").asText()).isEqualTo("platform=web");
        assertThat(json.at("/segments/2/srcc").isNull()).isTrue();
    }

    @Test
    void shouldWriteAPageWithAScatterAndADeltaHistogramPerSegment() throws Exception {
        Path page = tmp.resolve("report/compare.html");

        List<Path> plots = ComparePage.write(comparison, page);

        String html = Files.readString(page);
        assertThat(plots).hasSize(6);
        for (Path png : plots) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as(png.toString()).isNotNull();
            assertThat(png.getParent()).isEqualTo(page.toAbsolutePath().getParent());
            assertThat(html).contains("<img src=\"" + png.getFileName() + "\">");
        }
        assertThat(plots.get(2).getFileName().toString())
                .isEqualTo("compare-1-platform_ios-scatter.png");
        assertThat(html).contains("<h2>platform=ios</h2>").contains("(live) vs candidate");
    }

    @Test
    void shouldBinTheDeltasSymmetricallyAroundZero() {
        // Given deltas 2 (five times) and -30: 10 bins (the fewest) over [-30, 30], 6 wide
        var h = ComparePage.histogram(comparison.segments().get(0));

        assertThat(h.x()).hasSize(10);
        assertThat(h.x()[0]).isEqualTo(-27);
        assertThat(h.x()[9]).isEqualTo(27);
        assertThat(h.y()[0]).isCloseTo(1 / 6.0, within(1e-12));
        assertThat(h.y()[5]).as("2 lies in [0, 6)").isCloseTo(5 / 6.0, within(1e-12));
        assertThat(java.util.Arrays.stream(h.y()).sum()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void shouldUseMoreBinsForMoreUploadsByTheRiceRule() {
        // Given 500 uploads with deltas between -3 and 3
        double[] a = new double[500];
        double[] b = new double[500];
        double[] d = new double[500];
        for (int i = 0; i < a.length; i++) {
            a[i] = i % 100;
            d[i] = i % 7 - 3;
            b[i] = a[i] + d[i];
        }
        SegmentComparison s =
                new SegmentComparison(
                        "all",
                        500,
                        0,
                        0,
                        1,
                        DeltaStats.of(d),
                        new AlertFlips(0, 0, List.of(), List.of()),
                        a,
                        b);

        // Then ceil(2 * 500^(1/3)) = 16 bins over [-3, 3]
        ScatterPlot.Series h = ComparePage.histogram(s);
        assertThat(h.x()).hasSize(16);
        assertThat(h.x()[0]).isCloseTo(-3 + 0.1875, within(1e-12));
    }

    private static List<String> row(String text, String segment) {
        return text.lines()
                .filter(l -> l.startsWith("| " + segment + " "))
                .findFirst()
                .map(
                        l ->
                                List.of(l.substring(1, l.length() - 1).split("\\|")).stream()
                                        .map(String::strip)
                                        .toList())
                .orElseThrow();
    }
}
