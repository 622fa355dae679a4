package io.qualitymonitor.cli;

import io.qualitymonitor.tools.bench.BenchSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Returns the options of {@code bench model}: images, batch sizes, time, the Python loop. */
public final class BenchOptions {
    @Option(
            names = "--images",
            paramLabel = "DIR",
            description = "Image folder (default: samples/, else synthetic).")
    Path images;

    @Option(
            names = "--count",
            defaultValue = "32",
            description = "Most images used (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(
            names = "--batch-sizes",
            split = ",",
            defaultValue = "1,4,8,16,32",
            description = "Default: ${DEFAULT-VALUE}.")
    List<Integer> batchSizes;

    @Option(
            names = "--seconds",
            defaultValue = "5",
            description = "Least seconds per measurement (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--python",
            paramLabel = "EXE",
            defaultValue = "/usr/bin/python3",
            description =
                    "Python with torch for the comparison loop; 'none' skips it"
                            + " (default: ${DEFAULT-VALUE}).")
    String python;

    /** Returns the settings, with {@code samples/} and the script found under {@code home}. */
    public BenchSettings settings(Path home) {
        Path dir = images != null ? images : home.resolve("samples");
        return new BenchSettings(
                batchSizes,
                seconds,
                Files.isDirectory(dir) ? dir : null,
                count,
                "none".equals(python) ? null : Path.of(python),
                home.resolve("training/bench_torchscript.py"));
    }
}
