package io.qualitymonitor.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * Returns the low-quality alert thresholds: a global one and per-segment overrides.
 *
 * @param segmentThresholds keys like {@code platform=android}, from settings {@code
 *     alerts.threshold.platform.android=25}
 */
public record AlertConfig(double threshold, Map<String, Double> segmentThresholds) {

    static AlertConfig from(RawConfig c) {
        double global = c.getDouble("alerts.threshold");
        Map<String, Double> overrides = new TreeMap<>();
        c.withPrefix("alerts.threshold.")
                .forEach(
                        (rest, v) -> {
                            int dot = rest.indexOf('.');
                            if (dot <= 0 || dot == rest.length() - 1) {
                                throw new ConfigException(
                                        "setting 'alerts.threshold."
                                                + rest
                                                + "' must look like alerts.threshold.<label>.<value>");
                            }
                            overrides.put(
                                    rest.substring(0, dot) + "=" + rest.substring(dot + 1),
                                    c.getDouble("alerts.threshold." + rest, global));
                        });
        return new AlertConfig(global, Map.copyOf(overrides));
    }
}
