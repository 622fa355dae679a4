package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The shipped model. */
    static final Path MODEL = Path.of("../models/default").toAbsolutePath().normalize();

    @TempDir Path tmp;

    @Test
    void shouldGiveEachHostileImageOneRowWithinTheMemoryBudget() throws Exception {
        // Given the hostile files in one folder
        Path in = Files.createDirectories(tmp.resolve("in"));
        List<String> names = HostileFiles.write(in);
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
        for (String strip : HostileFiles.STRIPS) {
            assertThat(row(rows, strip)).contains("TOO_MANY_PIXELS");
        }
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
}
