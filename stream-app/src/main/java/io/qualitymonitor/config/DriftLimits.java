package io.qualitymonitor.config;

import io.qualitymonitor.config.DriftConfig.Limit;
import io.qualitymonitor.config.DriftConfig.Limits;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads drift thresholds: the defaults under {@code drift.<metric>.*} and named per-segment
 * overrides, {@code drift.override.<name>.segment=<segment key>} plus {@code
 * drift.override.<name>.<metric>.warning|critical|alpha}.
 */
final class DriftLimits {
    private static final String OVERRIDE = "drift.override.";

    private DriftLimits() {}

    /**
     * Returns the limits under {@code prefix}: with {@code def} null the defaults, read from the
     * built-in defaults file; else an override, where each key left out keeps {@code def}'s value.
     */
    static Limits limits(RawConfig c, String prefix, Limits def) {
        return new Limits(
                limit(c, prefix + "psi.", def == null ? null : def.psi(), true, true),
                limit(c, prefix + "ks.", def == null ? null : def.ks(), true, true),
                limit(
                        c,
                        prefix + "wasserstein.",
                        def == null ? null : def.wasserstein(),
                        true,
                        false),
                // CUSUM only warns: its sums are capped at the warning level
                limit(c, prefix + "cusum.", def == null ? null : def.cusum(), false, false),
                limit(c, prefix + "mmd.", def == null ? null : def.mmd(), true, true));
    }

    // a metric without a critical level has an infinite one; without a p-value, a NaN alpha
    private static Limit limit(
            RawConfig c, String prefix, Limit def, boolean hasCritical, boolean hasAlpha) {
        double warning =
                def == null
                        ? DriftConfig.positive(c, prefix + "warning")
                        : DriftConfig.positive(c, prefix + "warning", def.warning());
        double critical = Double.POSITIVE_INFINITY;
        if (hasCritical) {
            critical =
                    def == null
                            ? DriftConfig.positive(c, prefix + "critical")
                            : DriftConfig.positive(
                                    c, prefix + "critical", Math.max(def.critical(), warning));
        }
        if (critical < warning) {
            throw new ConfigException(
                    "setting '" + prefix + "critical' must not be below '" + prefix + "warning'");
        }
        double alpha = Double.NaN;
        if (hasAlpha) {
            alpha =
                    def == null
                            ? c.getDouble(prefix + "alpha")
                            : c.getDouble(prefix + "alpha", def.alpha());
            if (!(alpha > 0 && alpha < 1)) {
                throw new ConfigException("setting '" + prefix + "alpha' must be in (0, 1)");
            }
        }
        return new Limit(warning, critical, alpha);
    }

    static Map<String, Limits> overrides(RawConfig c, Limits defaults) {
        Set<String> names = new TreeSet<>();
        c.withPrefix(OVERRIDE).keySet().forEach(rest -> names.add(overrideName(rest)));
        Map<String, Limits> out = new TreeMap<>();
        for (String name : names) {
            String prefix = OVERRIDE + name + ".";
            c.withPrefix(prefix).keySet().forEach(rest -> checkOverrideKey(prefix, rest));
            String segment = c.require(prefix + "segment");
            out.put(canonical(prefix + "segment", segment), limits(c, prefix, defaults));
        }
        return Map.copyOf(out);
    }

    private static String overrideName(String rest) {
        int dot = rest.indexOf('.');
        if (dot <= 0) {
            throw new ConfigException(
                    "setting '" + OVERRIDE + rest + "' must look like drift.override.<name>.<key>");
        }
        return rest.substring(0, dot);
    }

    private static void checkOverrideKey(String prefix, String rest) {
        if (rest.equals("segment")) {
            return;
        }
        String[] parts = rest.split("\\.");
        boolean ok =
                parts.length == 2
                        && DriftConfig.METRICS.contains(parts[0].toUpperCase(Locale.ROOT))
                        && Set.of("warning", "critical", "alpha").contains(parts[1])
                        && !(parts[0].equalsIgnoreCase("cusum") && !parts[1].equals("warning"));
        if (!ok) {
            throw new ConfigException(
                    "unknown setting '"
                            + prefix
                            + rest
                            + "'; expected segment or <metric>.warning|critical|alpha");
        }
    }

    private static String canonical(String key, String segment) {
        if (segment.equals(DriftConfig.ALL)) {
            return DriftConfig.ALL;
        }
        Map<String, String> labels = new TreeMap<>();
        for (String pair : segment.split(",")) {
            String[] kv = pair.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new ConfigException(
                        "setting '"
                                + key
                                + "' must look like name=value[,name=value], got '"
                                + segment
                                + "'");
            }
            labels.put(kv[0].trim(), kv[1].trim());
        }
        return DriftConfig.segmentKey(labels);
    }
}
