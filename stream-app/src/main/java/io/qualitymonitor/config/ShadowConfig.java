package io.qualitymonitor.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Returns the settings of shadow scoring: a candidate bundle that scores a sample of the live
 * uploads beside the live model and writes to its own topic.
 *
 * @param dir the candidate bundle (folder or .zip), or null when shadow scoring is off
 * @param sample the fraction of uploads the candidate scores, 0 to 1
 * @param segmentSamples fractions for uploads with a label value, keyed {@code label.value} (from
 *     {@code model.shadow.sample.<label>.<value>}); the first match in key order wins
 * @param queueMax the most uploads waiting for the candidate; further ones are dropped and counted,
 *     so the live path never waits for it
 * @param window the most recent pairs (live, candidate) per segment that agreement is measured on
 */
public record ShadowConfig(
        Path dir, double sample, Map<String, Double> segmentSamples, int queueMax, int window) {

    /** Setting: the candidate bundle; empty turns shadow scoring off. */
    public static final String DIR = "model.shadow.dir";

    /**
     * Setting: the fraction of uploads the candidate scores (and the prefix of per-segment ones).
     */
    public static final String SAMPLE = "model.shadow.sample";

    /** Returns true when a candidate bundle is configured. */
    public boolean enabled() {
        return dir != null;
    }

    /** Returns the fraction of uploads with {@code labels} that the candidate scores. */
    public double fraction(Map<String, String> labels) {
        for (Map.Entry<String, Double> e : segmentSamples.entrySet()) {
            int dot = e.getKey().indexOf('.');
            String value = labels.get(e.getKey().substring(0, dot));
            if (value != null && value.equals(e.getKey().substring(dot + 1))) {
                return e.getValue();
            }
        }
        return sample;
    }

    static ShadowConfig from(RawConfig c, Path home) {
        String dir = c.getString(DIR, "");
        Map<String, Double> segments = new TreeMap<>();
        c.withPrefix(SAMPLE + ".")
                .forEach(
                        (k, v) -> {
                            if (k.indexOf('.') <= 0) {
                                throw new ConfigException(
                                        "setting '"
                                                + SAMPLE
                                                + "."
                                                + k
                                                + "' must name a label and a value: "
                                                + SAMPLE
                                                + ".<label>.<value>");
                            }
                            segments.put(k, fraction(SAMPLE + "." + k, v));
                        });
        return new ShadowConfig(
                dir.isBlank() ? null : home.resolve(dir.trim()).normalize(),
                fraction(SAMPLE, c.getString(SAMPLE)),
                Collections.unmodifiableMap(segments),
                c.getPositiveInt("model.shadow.queue.max"),
                c.getPositiveInt("model.shadow.window"));
    }

    private static double fraction(String key, String value) {
        double f;
        try {
            f = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            f = Double.NaN;
        }
        if (!(f >= 0 && f <= 1)) {
            throw new ConfigException(
                    "setting '" + key + "' must be a fraction from 0 to 1, got '" + value + "'");
        }
        return f;
    }
}
