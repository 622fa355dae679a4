package io.qualitymonitor.tools.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Returns what the model benchmark runs.
 *
 * @param batchSizes batch sizes, in order
 * @param minSeconds least measuring time per batch size and runtime
 * @param images folder of images, or null for synthetic ones
 * @param count most images used
 * @param python the Python interpreter with torch, or null to skip the Python loop
 * @param script {@code training/bench_torchscript.py}
 */
public record BenchSettings(
        List<Integer> batchSizes,
        double minSeconds,
        Path images,
        int count,
        Path python,
        Path script) {}
