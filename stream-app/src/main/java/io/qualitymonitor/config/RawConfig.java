package io.qualitymonitor.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Returns typed values from the merged key/value settings; every parse error names the key.
 *
 * <p>Defaults live in one place, the built-in defaults file: a key set blank anywhere falls back to
 * its value there, and the getters without a default argument require the key to have one. A getter
 * with a default argument is for a key the file leaves empty because its default is computed (the
 * number of cores, the device's pass size, a global threshold a segment overrides).
 *
 * <p>Only {@link ConfigLoader} creates instances; the typed {@code *Config} records read from it
 * once, at start-up.
 */
public final class RawConfig {
    private final Map<String, String> values;
    private final Map<String, String> defaults;
    // Keys and prefixes asked for, so that a test can prove every key read is declared.
    private final Set<String> read = ConcurrentHashMap.newKeySet();

    RawConfig(Map<String, String> values, Map<String, String> defaults) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.defaults = Map.copyOf(defaults);
    }

    /** Returns the keys (and, for {@link #withPrefix}, the prefixes) read so far. */
    Set<String> keysRead() {
        return Set.copyOf(read);
    }

    /** Returns every effective key and value, sorted by key. */
    public Map<String, String> asMap() {
        return values;
    }

    /** Returns the value, its built-in default when it is blank, or null when both are. */
    public String get(String key) {
        read.add(key);
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            v = defaults.get(key);
        }
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

    /** Returns the value of a key with a built-in default. */
    public String getString(String key) {
        return require(key);
    }

    /** Returns the value, or {@code def} when the key and its built-in default are empty. */
    public String getString(String key, String def) {
        String v = get(key);
        return v == null ? def : v;
    }

    /** Returns the integer value of a key with a built-in default. */
    public int getInt(String key) {
        return parse(key, require(key), Integer::parseInt, "an integer");
    }

    /** Returns the integer value, or {@code def} when the key has no value. */
    public int getInt(String key, int def) {
        String v = get(key);
        return v == null ? def : parse(key, v, Integer::parseInt, "an integer");
    }

    /** Returns the long value of a key with a built-in default. */
    public long getLong(String key) {
        return parse(key, require(key), Long::parseLong, "an integer");
    }

    /** Returns the number value of a key with a built-in default. */
    public double getDouble(String key) {
        return parse(key, require(key), Double::parseDouble, "a number");
    }

    /** Returns the number value, or {@code def} when the key has no value. */
    public double getDouble(String key, double def) {
        String v = get(key);
        return v == null ? def : parse(key, v, Double::parseDouble, "a number");
    }

    /** Returns the boolean value (true/yes/on/1, false/no/off/0) of a key with a default. */
    public boolean getBoolean(String key) {
        String v = require(key);
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default ->
                    throw new ConfigException(
                            "setting '" + key + "' must be true or false, got '" + v + "'");
        };
    }

    /** Returns a non-negative duration in milliseconds of a key with a built-in default. */
    public Duration getMillis(String key) {
        long ms = getLong(key);
        if (ms < 0) {
            throw new ConfigException("setting '" + key + "' must not be negative, got " + ms);
        }
        return Duration.ofMillis(ms);
    }

    /** Returns a comma-separated list, trimmed, without empty items; empty when no value. */
    public List<String> getList(String key) {
        String v = get(key);
        if (v == null) {
            return List.of();
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

    /** Returns the positive integer value of a key with a built-in default. */
    public int getPositiveInt(String key) {
        return positive(key, getInt(key));
    }

    /** Returns a positive integer, or {@code def} when the key has no value. */
    public int getPositiveInt(String key, int def) {
        return positive(key, getInt(key, def));
    }

    private static int positive(String key, int v) {
        if (v <= 0) {
            throw new ConfigException("setting '" + key + "' must be positive, got " + v);
        }
        return v;
    }

    private static <T> T parse(String key, String v, Function<String, T> parser, String what) {
        try {
            return parser.apply(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    "setting '" + key + "' must be " + what + ", got '" + v + "'");
        }
    }
}
