package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.image.HostileImages;
import io.qualitymonitor.image.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scores the hostile images of issue 24 with the shipped model in a {@code score} process of its
 * own, with the default settings, and measures that process's peak resident memory (VmHWM): the
 * 40000 x 1 and 1 x 40000 strips, PNGs whose zTXt, iTXt and iCCP chunks inflate to 1 GiB, and a
 * batch of eight 6000 x 4000 JPEGs, all in one run. docs/reliability.md keeps the figures.
 */
@EnabledOnOs(OS.LINUX)
class HostileImagesIntegrationTest {
    /** Peak RSS allowed: the 1 GiB default budget plus the JVM, PyTorch and the model. */
    static final long PEAK_RSS_LIMIT = 1536L << 20;

    private static final Path MODEL = Path.of("../models/default").toAbsolutePath().normalize();

    @TempDir Path tmp;

    @Test
    void shouldGiveEachHostileImageOneRowWithinTheMemoryBudget() throws Exception {
        // Given the hostile files in one folder
        Path in = Files.createDirectories(tmp.resolve("in"));
        List<String> names = new ArrayList<>();
        names.add(write(in, "strip-40000x1.png", HostileImages.strip(40_000, 1)));
        names.add(write(in, "strip-1x40000.png", HostileImages.strip(1, 40_000)));
        for (String chunk : List.of("zTXt", "iTXt", "iCCP")) {
            names.add(
                    write(
                            in,
                            "bomb-" + chunk + ".png",
                            HostileImages.withChunkBomb(chunk, 1 << 30)));
        }
        byte[] big = TestImages.encode(bigPhoto(), "jpg");
        for (int i = 0; i < 8; i++) {
            names.add(write(in, "big-" + i + ".jpg", big));
        }
        // When one score process reads them, in batches of eight, with the default settings
        Path log = tmp.resolve("score.log");
        Process p =
                ChildJvm.start(
                        log,
                        List.of(
                                "score",
                                in.toString(),
                                "--model",
                                MODEL.toString(),
                                "--format",
                                "csv",
                                "--batch-size",
                                "8"));
        long peak = PeakRss.follow(p, 600, TimeUnit.SECONDS);
        String output = Files.readString(log);
        // Then each file has exactly one row: a score, or the reason it was refused
        List<String> rows =
                output.lines().filter(l -> l.contains(".png,") || l.contains(".jpg,")).toList();
        for (String name : names) {
            assertThat(rows.stream().filter(r -> r.contains(name + ",")))
                    .as(name + " in\n" + output)
                    .hasSize(1);
        }
        assertThat(row(rows, "strip-40000x1.png")).contains("TOO_MANY_PIXELS");
        assertThat(row(rows, "strip-1x40000.png")).contains("TOO_MANY_PIXELS");
        assertThat(row(rows, "bomb-zTXt.png")).matches(".*bomb-zTXt\\.png,\\d+\\.\\d{3},.*");
        assertThat(row(rows, "big-7.jpg")).matches(".*big-7\\.jpg,\\d+\\.\\d{3},.*");
        assertThat(output).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
        // And the process's peak resident memory stays within the documented limit
        System.out.printf("hostile images: peak RSS %d MiB%n", peak >> 20);
        assertThat(peak).as("peak RSS in bytes").isPositive().isLessThan(PEAK_RSS_LIMIT);
    }

    private static String row(List<String> rows, String name) {
        return rows.stream().filter(r -> r.contains(name + ",")).findFirst().orElseThrow();
    }

    private static String write(Path dir, String name, byte[] bytes) throws Exception {
        Files.write(dir.resolve(name), bytes);
        return name;
    }

    /** Returns a 6000 x 4000 image with texture, cheap to make (rows copied from a tile). */
    private static BufferedImage bigPhoto() {
        BufferedImage tile = TestImages.texture(600, 400);
        BufferedImage img = new BufferedImage(6000, 4000, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        for (int y = 0; y < 4000; y += 400) {
            for (int x = 0; x < 6000; x += 600) {
                g.drawImage(tile, x, y, null);
            }
        }
        g.dispose();
        return img;
    }
}
