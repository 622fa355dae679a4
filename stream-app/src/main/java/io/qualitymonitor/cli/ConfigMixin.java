package io.qualitymonitor.cli;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** Returns the options every command shares: the properties file and single-key overrides. */
public final class ConfigMixin {
    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description =
                    "Properties file with settings (default: $QM_CONFIG, else built-in defaults).")
    Path configFile;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override one setting, e.g. --set batch.max.size=16 (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** Returns the typed configuration with {@code extra} overrides applied last. */
    public AppConfig load(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.putAll(extra);
        return ConfigLoader.fromProcess().load(configFile, all);
    }

    /**
     * Returns a loader of the typed configuration with {@code extra} and then each call's settings
     * applied last, for services that vary settings (the streaming benchmark).
     */
    public Function<Map<String, String>, AppConfig> loader(Map<String, String> extra) {
        return more -> {
            Map<String, String> all = new LinkedHashMap<>(extra);
            all.putAll(more);
            return load(all);
        };
    }

    /** Returns the typed configuration. */
    public AppConfig load() {
        return load(Map.of());
    }

    /**
     * Returns the typed configuration over the demo's defaults ({@code
     * quality-monitor-demo.properties}), which the file, environment and flags override.
     */
    public AppConfig loadDemo() {
        return ConfigLoader.fromProcess().withDemoDefaults().load(configFile, overrides);
    }
}
