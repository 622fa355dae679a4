package io.qualitymonitor.app;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/** Returns configurations with their own topics and application id on the shared test stack. */
final class IsolatedConfig {
    private IsolatedConfig() {}

    /**
     * Returns {@code shared} with fresh topic names and application id (a random prefix), the given
     * partitions and model, loopback fetches allowed, and {@code extra} applied last.
     */
    static AppConfig of(AppConfig shared, int partitions, Path model, Map<String, String> extra) {
        String p = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<String, String> s = new HashMap<>(shared.raw().asMap());
        s.put("kafka.bootstrap.servers", shared.kafka().bootstrapServers());
        s.put("registry.url", shared.registry().url());
        s.put("kafka.application.id", p + "app");
        s.put("topics.uploads", p + "uploads");
        s.put("topics.scores", p + "scores");
        s.put("topics.alerts", p + "alerts");
        s.put("topics.drift", p + "drift");
        s.put("topics.dead.letters", p + "dead");
        s.put("topics.baselines", p + "baselines");
        s.put("topics.model.control", p + "control");
        s.put("topics.shadow", p + "shadow");
        s.put("topics.partitions", String.valueOf(partitions));
        s.put("model.dir", model.toAbsolutePath().toString());
        s.put("fetch.allow.hosts", "127.0.0.1:*");
        s.put("kafka.commit.interval.ms", "100");
        s.putAll(extra);
        return with(s);
    }

    /** Returns {@code base} with {@code overrides} applied. */
    static AppConfig with(AppConfig base, Map<String, String> overrides) {
        Map<String, String> s = new HashMap<>(base.raw().asMap());
        s.putAll(overrides);
        return with(s);
    }

    private static AppConfig with(Map<String, String> settings) {
        return new ConfigLoader(Map.of(), new Properties()).load(null, settings);
    }
}
