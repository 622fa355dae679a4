package io.qualitymonitor.cli;

import io.qualitymonitor.config.ModelConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Returns the model options shared by score, fit, bench and replay: bundle, device, threads. */
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

    /** Returns the settings these options override. */
    public Map<String, String> overrides() {
        Map<String, String> m = new LinkedHashMap<>();
        if (model != null) {
            m.put(ModelConfig.DIR, model.toAbsolutePath().normalize().toString());
        }
        if (device != null) {
            m.put(ModelConfig.DEVICE, device);
        }
        if (threads != null) {
            m.put(ModelConfig.THREADS, threads.toString());
        }
        return m;
    }
}
