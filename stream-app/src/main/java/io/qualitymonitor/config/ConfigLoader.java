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
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads settings once, in increasing precedence: built-in defaults, the properties file, {@code
 * -Dqm.*} system properties, {@code QM_*} environment variables, then command-line overrides. The
 * demo's loader ({@link #withDemoDefaults}) lays the demo's defaults over the built-in ones, below
 * the file.
 *
 * <p>An environment variable maps to a key by dropping {@code QM_}, lower-casing and turning {@code
 * _} into {@code .}: {@code QM_FETCH_MAX_BYTES} sets {@code fetch.max.bytes}. {@code QM_CONFIG}
 * names the properties file when no {@code --config} is given.
 *
 * <p>A key that is not a setting ({@link KnownSettings}), from any of these sources, is refused in
 * one line naming the closest setting, so that a typo never passes silently.
 */
public final class ConfigLoader {
    static final String DEFAULTS_RESOURCE = "/quality-monitor-defaults.properties";
    static final String DEMO_RESOURCE = "/quality-monitor-demo.properties";
    private static final String ENV_PREFIX = "QM_";
    private static final String SYSPROP_PREFIX = "qm.";

    /**
     * {@code QM_*} variables that are not settings: the properties file ({@code QM_CONFIG}), the
     * launcher's JVM options, logback's level, and the training scripts' data root and bundle.
     */
    static final Set<String> NOT_SETTINGS =
            Set.of("QM_CONFIG", "QM_JAVA_OPTS", "QM_LOG_LEVEL", "QM_DATA_ROOT", "QM_BUNDLE");

    private static final Map<String, String> DEFAULTS = readResource(DEFAULTS_RESOURCE);
    private static final KnownSettings KNOWN = new KnownSettings(DEFAULTS.keySet());

    private final Map<String, String> env;
    private final Properties systemProperties;
    // defaults of one use laid over the built-in ones (the demo's), each key a declared setting
    private final Map<String, String> layer;

    /** Returns a loader that reads the process environment and system properties. */
    public static ConfigLoader fromProcess() {
        return new ConfigLoader(System.getenv(), System.getProperties());
    }

    /** Returns a loader over the given environment and system properties (tests pass their own). */
    public ConfigLoader(Map<String, String> env, Properties systemProperties) {
        this(env, systemProperties, Map.of());
    }

    private ConfigLoader(
            Map<String, String> env, Properties systemProperties, Map<String, String> layer) {
        this.env = Map.copyOf(env);
        this.systemProperties = (Properties) systemProperties.clone();
        this.layer = Map.copyOf(layer);
    }

    /**
     * Returns this loader with the demo's defaults ({@code quality-monitor-demo.properties}) laid
     * over the built-in ones: the file, system properties, environment and flags still win.
     */
    public ConfigLoader withDemoDefaults() {
        Map<String, String> demo = readResource(DEMO_RESOURCE);
        demo.keySet().forEach(k -> KNOWN.check(k, k + " in " + DEMO_RESOURCE, s -> s));
        return new ConfigLoader(env, systemProperties, demo);
    }

    /** Returns the merged settings; {@code file} may be null to use {@code QM_CONFIG} or none. */
    public RawConfig loadRaw(Path file, Map<String, String> overrides) {
        Map<String, String> defaults = new HashMap<>(DEFAULTS);
        defaults.putAll(layer);
        Map<String, String> merged = new HashMap<>(defaults);
        Path effectiveFile = file;
        if (effectiveFile == null && env.get(ENV_PREFIX + "CONFIG") != null) {
            effectiveFile = Path.of(env.get(ENV_PREFIX + "CONFIG"));
        }
        if (effectiveFile != null) {
            Path f = effectiveFile;
            Map<String, String> fromFile = readFile(f);
            fromFile.keySet().forEach(k -> KNOWN.check(k, k + " in " + f, s -> s));
            merged.putAll(fromFile);
        }
        for (String name : new TreeSet<>(systemProperties.stringPropertyNames())) {
            if (name.startsWith(SYSPROP_PREFIX)) {
                String key = name.substring(SYSPROP_PREFIX.length());
                KNOWN.check(key, "-D" + name, k -> "-D" + SYSPROP_PREFIX + k);
                merged.put(key, systemProperties.getProperty(name));
            }
        }
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith(ENV_PREFIX) && !NOT_SETTINGS.contains(name)) {
                KNOWN.check(envToKey(name), name, ConfigLoader::keyToEnv);
                merged.put(envToKey(name), env.get(name));
            }
        }
        overrides.keySet().forEach(k -> KNOWN.check(k, k, s -> s));
        merged.putAll(overrides);
        if (merged.getOrDefault(KafkaConfig.INSTANCE_ID, "").isBlank()) {
            // a pod's name (Kubernetes' downward API) or a container's host name survives a
            // restart of the process: the restarted instance takes its place in the group at once
            String id = env.getOrDefault("POD_NAME", env.getOrDefault("HOSTNAME", ""));
            merged.put(KafkaConfig.INSTANCE_ID, id.trim());
        }
        return new RawConfig(merged, defaults);
    }

    /** Returns the settings' keys as declared in the built-in defaults, sorted. */
    static Set<String> declaredKeys() {
        return KNOWN.declared();
    }

    /** Returns the keys the demo's defaults set. */
    static Set<String> demoKeys() {
        return readResource(DEMO_RESOURCE).keySet();
    }

    /** Returns the typed configuration; throws {@link ConfigException} on any bad value. */
    public AppConfig load(Path file, Map<String, String> overrides) {
        return AppConfig.from(loadRaw(file, overrides));
    }

    static String envToKey(String envName) {
        return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    static String keyToEnv(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static Map<String, String> readResource(String resource) {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigException("built-in defaults " + resource + " are missing");
            }
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return toMap(p);
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot read built-in defaults " + resource + ": " + e.getMessage(), e);
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
