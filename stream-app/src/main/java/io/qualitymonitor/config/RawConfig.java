package io.qualitymonitor.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Returns typed values from the merged key/value settings; every parse error names the key.
 *
 * <p>Only {@link ConfigLoader} creates instances; the typed {@code *Config} records read from it
 * once, at start-up.
 */
public final class RawConfig {
    private final Map<String, String> values;
    // Keys and prefixes asked for, so that a test can prove every key read is declared.
    private final Set<String> read = ConcurrentHashMap.newKeySet();

    RawConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Returns the keys (and, for {@link #withPrefix}, the prefixes) read so far. */
    Set<String> keysRead() {
        return Set.copyOf(read);
    }

    /** Returns every effective key and value, sorted by key. */
    public Map<String, String> asMap() {
        return values;
    }

    /** Returns the raw value, or null when the key is absent or blank. */
    public String get(String key) {
        read.add(key);
        String v = values.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** Returns the value, or throws a {@link ConfigException} naming the missing key. */
    public String require(String key) {
        String v = get(key);
        if (v == null) {
            throw new ConfigException("missing setting '" + key + "'");
        }
        return v;
    }

    public String getString(String key, String def) {
        String v = get(key);
        return v == null ? def : v;
    }

    public int getInt(String key, int def) {
        String v = get(key);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("setting '" + key + "' must be an integer, got '" + v + "'");
        }
    }

    public long getLong(String key, long def) {
        String v = get(key);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("setting '" + key + "' must be an integer, got '" + v + "'");
        }
    }

    public double getDouble(String key, double def) {
        String v = get(key);
        if (v == null) {
            return def;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("setting '" + key + "' must be a number, got '" + v + "'");
        }
    }

    public boolean getBoolean(String key, boolean def) {
        String v = get(key);
        if (v == null) {
            return def;
        }
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default ->
                    throw new ConfigException(
                            "setting '" + key + "' must be true or false, got '" + v + "'");
        };
    }

    public Duration getMillis(String key, long defMs) {
        long ms = getLong(key, defMs);
        if (ms < 0) {
            throw new ConfigException("setting '" + key + "' must not be negative, got " + ms);
        }
        return Duration.ofMillis(ms);
    }

    /** Returns a comma-separated list, trimmed, without empty items. */
    public List<String> getList(String key, List<String> def) {
        String v = get(key);
        if (v == null) {
            return def;
        }
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Returns the keys under {@code prefix} with the prefix removed, e.g. "kafka." for
     * pass-through.
     */
    public Map<String, String> withPrefix(String prefix) {
        read.add(prefix);
        Map<String, String> out = new TreeMap<>();
        values.forEach(
                (k, v) -> {
                    if (k.startsWith(prefix) && v != null && !v.isBlank()) {
                        out.put(k.substring(prefix.length()), v.trim());
                    }
                });
        return out;
    }

    /** Returns a positive int, or throws naming the key. */
    public int getPositiveInt(String key, int def) {
        int v = getInt(key, def);
        if (v <= 0) {
            throw new ConfigException("setting '" + key + "' must be positive, got " + v);
        }
        return v;
    }
}
