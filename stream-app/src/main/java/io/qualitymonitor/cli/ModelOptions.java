package io.qualitymonitor.cli;

import io.qualitymonitor.model.ModelBundle;
import io.qualitymonitor.model.ModelException;
import io.qualitymonitor.model.Scorer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Returns the model options shared by score, bench and evaluate: bundle, device, threads. */
public final class ModelOptions {
    @Option(
            names = "--model",
            paramLabel = "DIR",
            description = "Model bundle folder or .zip (default: model.dir, the shipped bundle).")
    Path model;

    @Option(names = "--device", paramLabel = "cpu|gpu", description = "cpu (default) or gpu.")
    String device;

    @Option(names = "--threads", description = "PyTorch intra-op threads (default: model.threads).")
    Integer threads;

    /** Returns the settings these options override, as config keys. */
    public Map<String, String> overrides() {
        Map<String, String> m = new LinkedHashMap<>();
        if (model != null) {
            m.put("model.dir", model.toAbsolutePath().normalize().toString());
        }
        if (device != null) {
            m.put("model.device", device);
        }
        if (threads != null) {
            m.put("model.threads", threads.toString());
        }
        return m;
    }

    /**
     * Returns a scorer over the configured bundle; a missing or broken bundle, or a GPU asked for
     * where there is none, throws a {@link ModelException} (exit code CONFIG, mapped by {@link
     * QualityMonitorCommand}).
     */
    static Scorer open(io.qualitymonitor.config.ModelConfig config) {
        return open(config, null, null, null);
    }

    /**
     * Returns a scorer over the configured bundle with its low-level branch taking {@code crops}
     * crops at each of {@code scales} of its working image ({@code maxSide}), the bundle's own
     * where null; mistakes exit as {@link #open(io.qualitymonitor.config.ModelConfig)}'s.
     */
    static Scorer open(
            io.qualitymonitor.config.ModelConfig config,
            Integer crops,
            double[] scales,
            Integer maxSide) {
        ModelBundle bundle = ModelBundle.open(config.dir());
        if (crops != null || scales != null || maxSide != null) {
            bundle = bundle.withLowLevelLayout(crops, scales, maxSide);
        }
        return Scorer.open(bundle, config);
    }

    /** Prints a warning when the bundle was exported from untrained networks. */
    static void warnIfRandom(Scorer scorer, PrintWriter err) {
        var m = scorer.bundle().manifest();
        if (m.randomInit()) {
            err.println(
                    "warning: model "
                            + m.name()
                            + " "
                            + m.version()
                            + " has random weights (a test fixture); its scores mean nothing");
        }
    }
}
