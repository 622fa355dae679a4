package io.qualitymonitor.stream;

import io.qualitymonitor.config.AlertConfig;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a score is low for its upload's segment: a global threshold, overridden per
 * segment label ({@code platform=android}). When several overrides match one upload, the highest
 * (strictest) threshold applies, so an override can never hide an alert another segment wants.
 */
public final class AlertPolicy {
    private final AlertConfig config;

    public AlertPolicy(AlertConfig config) {
        this.config = config;
    }

    /** Returns the threshold that applies and where it came from. */
    public Threshold thresholdFor(Map<String, String> segments) {
        Threshold best = null;
        for (Map.Entry<String, String> label : segments.entrySet()) {
            String key = label.getKey() + "=" + label.getValue();
            Double t = config.segmentThresholds().get(key);
            if (t != null && (best == null || t > best.value())) {
                best = new Threshold(t, key);
            }
        }
        return best != null ? best : new Threshold(config.threshold(), "global");
    }

    /** Returns the threshold crossed when {@code score} is below it, else empty. */
    public Optional<Threshold> crossed(double score, Map<String, String> segments) {
        Threshold t = thresholdFor(segments);
        return score < t.value() ? Optional.of(t) : Optional.empty();
    }

    /** Returns a threshold value and its source: {@code global} or the matching segment label. */
    public record Threshold(double value, String source) {}
}
