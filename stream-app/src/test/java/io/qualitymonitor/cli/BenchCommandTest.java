package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.image.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {
    private static final String BUNDLE =
            Path.of("src/test/resources/bundles/tiny-lowlevel").toAbsolutePath().toString();

    @TempDir Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int bench(String... args) {
        CommandLine cmd = new CommandLine(new BenchCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        QualityMonitorCommand.withErrorHandling(cmd);
        return cmd.execute(args);
    }

    @Test
    void shouldPrintAndWriteTheTableForTheImagesOfAFolder() throws Exception {
        // Given two images
        for (int i = 0; i < 2; i++) {
            Files.write(
                    tmp.resolve(i + ".png"),
                    TestImages.encode(TestImages.texture(300, 240), "png"));
        }
        Path md = tmp.resolve("bench.md");
        // When the model benchmark runs without the Python loop
        int code =
                bench(
                        "model",
                        "--model",
                        BUNDLE,
                        "--images",
                        tmp.toString(),
                        "--batch-sizes",
                        "1,2",
                        "--seconds",
                        "0",
                        "--python",
                        "none",
                        "--out",
                        md.toString());
        // Then the table is printed and written, with the command that made it
        assertThat(code).isZero();
        assertThat(out.toString()).contains("| batch | java img/s").contains("| 2 | ");
        assertThat(Files.readString(md))
                .isEqualTo(out.toString())
                .contains("command: ./quality-monitor bench model");
        assertThat(err.toString()).contains("random weights");
    }

    @Test
    void shouldRejectAnUnknownTarget() {
        assertThat(bench("disk")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("unknown benchmark 'disk'");
    }

    @Test
    void shouldRefuseGpuWithOneLineAndTheConfigExitCode() {
        int code = bench("model", "--model", BUNDLE, "--device", "gpu", "--python", "none");
        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString().lines().filter(l -> l.startsWith("error:")).toList())
                .singleElement()
                .asString()
                .contains("device gpu requested");
    }
}
