package io.qualitymonitor.drift;

import io.qualitymonitor.config.DriftConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Returns the segment keys a record belongs to, from its labels and the configured label
 * combinations: always {@code all}, then one key per combination whose labels are all present, e.g.
 * {@code platform=android} and {@code platform=android,region=eu} (labels sorted by name).
 *
 * <p>A combination is skipped when the record lacks one of its labels or has it blank. Commas and
 * equals signs in label values become underscores, so a key always parses back to its labels.
 */
public final class SegmentKeys {
    private final List<List<String>> combinations;

    /** Returns keys for the given label combinations (as in {@code DriftConfig.segments()}). */
    public SegmentKeys(List<List<String>> combinations) {
        this.combinations = List.copyOf(combinations);
    }

    /** Returns {@code all} followed by the key of every combination the labels complete. */
    public List<String> keysFor(Map<String, String> labels) {
        List<String> keys = new ArrayList<>();
        keys.add(DriftConfig.ALL);
        for (List<String> combination : combinations) {
            Map<String, String> picked = new TreeMap<>();
            for (String name : combination) {
                String value = labels.get(name);
                if (value == null || value.isBlank()) {
                    picked = null;
                    break;
                }
                picked.put(name, value.trim().replace(',', '_').replace('=', '_'));
            }
            if (picked != null) {
                String key = DriftConfig.segmentKey(picked);
                if (!keys.contains(key)) {
                    keys.add(key);
                }
            }
        }
        return List.copyOf(keys);
    }

    /** Returns the labels of a key made by {@link #keysFor}; empty for {@code all}. */
    public static Map<String, String> labelsOf(String key) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (key.equals(DriftConfig.ALL)) {
            return Map.of();
        }
        for (String pair : key.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                labels.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return Collections.unmodifiableMap(labels);
    }
}
