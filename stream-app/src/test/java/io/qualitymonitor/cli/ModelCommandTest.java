package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandTest {
    private static final Path BOTH = Path.of("src/test/resources/bundles/tiny-both");

    @TempDir Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return QualityMonitorCommand.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }

    @Test
    void shouldDescribeBranchesHeadsAndPromptsOfAVerifiedBundle() {
        int code = run("model", "info", BOTH.toAbsolutePath().toString());

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text)
                .contains("tiny-both 0.0.1-test")
                .contains("random weights")
                .containsPattern("checksums +\\d+ files verified")
                .contains("lowlevel.pt: 4 crops of 224 px at scales [1.0, 0.5]")
                .contains("vl_image.pt: one 224 px centre crop")
                .contains("attributes sharpness")
                .contains(
                        "combined (combinedScore, gives the score): ridge over lowlevel +"
                                + " vision_language")
                .contains("head         lowlevel (lowLevelScore): ridge over lowlevel");
    }

    @Test
    void shouldNameTheChangedFileInOneLineAndExitThree() throws Exception {
        // Given a copy of the bundle with one byte added to its regressor
        Path copy = tmp.resolve("broken");
        try (Stream<Path> files = Files.walk(BOTH)) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = copy.resolve(BOTH.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        Path reg = copy.resolve("regressor.json");
        Files.writeString(reg, Files.readString(reg) + " ");
        // When it is described
        int code = run("model", "info", copy.toString());
        // Then the error names the file in one line, with the config exit code
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(e).contains("regressor.json").doesNotContain("Exception").hasLineCount(1);
    }
}
