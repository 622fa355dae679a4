package io.qualitymonitor.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Loads settings once, in increasing precedence: built-in defaults, the properties file, {@code
 * -Dqm.*} system properties, {@code QM_*} environment variables, then command-line overrides.
 *
 * <p>An environment variable maps to a key by dropping {@code QM_}, lower-casing and turning {@code
 * _} into {@code .}: {@code QM_FETCH_MAX_BYTES} sets {@code fetch.max.bytes}. {@code QM_CONFIG}
 * names the properties file when no {@code --config} is given.
 */
public final class ConfigLoader {
    static final String DEFAULTS_RESOURCE = "/quality-monitor-defaults.properties";
    private static final String ENV_PREFIX = "QM_";
    private static final String SYSPROP_PREFIX = "qm.";

    private final Map<String, String> env;
    private final Properties systemProperties;

    /** Returns a loader that reads the process environment and system properties. */
    public static ConfigLoader fromProcess() {
        return new ConfigLoader(System.getenv(), System.getProperties());
    }

    /** Returns a loader over the given environment and system properties (tests pass their own). */
    public ConfigLoader(Map<String, String> env, Properties systemProperties) {
        this.env = Map.copyOf(env);
        this.systemProperties = (Properties) systemProperties.clone();
    }

    /** Returns the merged settings; {@code file} may be null to use {@code QM_CONFIG} or none. */
    public RawConfig loadRaw(Path file, Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(defaults());
        Path effectiveFile = file;
        if (effectiveFile == null && env.get(ENV_PREFIX + "CONFIG") != null) {
            effectiveFile = Path.of(env.get(ENV_PREFIX + "CONFIG"));
        }
        if (effectiveFile != null) {
            merged.putAll(readFile(effectiveFile));
        }
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith(SYSPROP_PREFIX)) {
                merged.put(
                        name.substring(SYSPROP_PREFIX.length()),
                        systemProperties.getProperty(name));
            }
        }
        env.forEach(
                (name, value) -> {
                    if (name.startsWith(ENV_PREFIX) && !name.equals(ENV_PREFIX + "CONFIG")) {
                        merged.put(envToKey(name), value);
                    }
                });
        merged.putAll(overrides);
        return new RawConfig(merged);
    }

    /** Returns the typed configuration; throws {@link ConfigException} on any bad value. */
    public AppConfig load(Path file, Map<String, String> overrides) {
        return AppConfig.from(loadRaw(file, overrides));
    }

    static String envToKey(String envName) {
        return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static Map<String, String> defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new ConfigException(
                        "built-in defaults " + DEFAULTS_RESOURCE + " are missing");
            }
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return toMap(p);
        } catch (IOException e) {
            throw new ConfigException("cannot read built-in defaults: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file not found: " + file);
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            return toMap(p);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> m = new HashMap<>();
        for (String name : p.stringPropertyNames()) {
            m.put(name, p.getProperty(name));
        }
        return m;
    }
}
