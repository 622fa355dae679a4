package io.qualitymonitor.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Returns the drift-monitoring settings: segments, windows, reference, summary sizes, tests,
 * thresholds (with per-segment overrides) and hysteresis.
 *
 * @param segments label combinations to monitor besides {@code all}, each sorted by label name,
 *     from {@code drift.segments=platform;platform,region}
 * @param maxSegments most segment keys tracked at once (bounds memory per task)
 * @param window event-time window size and advance (equal for tumbling windows), and how long after
 *     its end (in stream time) a window waits for late records before it is tested
 * @param baselineName the named baseline to compare with, or null for a rolling reference
 * @param rollingWindows windows per block of the rolling reference ({@code drift.RollingReference})
 * @param shape the sizes of each window summary (histogram, reservoir, projection)
 * @param tests which metrics run and their test settings
 * @param limits default thresholds
 * @param segmentLimits thresholds for segment keys that override the defaults
 * @param hysteresis recovery and cool-down rules
 */
public record DriftConfig(
        List<List<String>> segments,
        int maxSegments,
        Window window,
        String baselineName,
        int rollingWindows,
        Shape shape,
        Tests tests,
        Limits limits,
        Map<String, Limits> segmentLimits,
        Hysteresis hysteresis) {

    /** The segment key that every record belongs to. */
    public static final String ALL = "all";

    static final Set<String> METRICS = Set.of("PSI", "KS", "WASSERSTEIN", "CUSUM", "MMD");

    /** Returns the window size, advance and grace period for late records. */
    public record Window(Duration size, Duration advance, Duration grace) {}

    /**
     * Returns the sizes of one window summary.
     *
     * @param histogramBins fixed bins over {@code [scoreMin, scoreMax]}
     * @param reservoirSize most feature vectors kept per summary
     * @param featureDim dimension feature vectors are randomly projected to
     * @param seed seed of the reservoir, the projection and the permutation test
     */
    public record Shape(
            int histogramBins,
            double scoreMin,
            double scoreMax,
            int reservoirSize,
            int featureDim,
            long seed) {}

    /**
     * Returns which metrics run and how.
     *
     * @param metrics enabled metric names (PSI, KS, WASSERSTEIN, CUSUM, MMD)
     * @param minSamples fewest scores in a window (and baseline) for any test to run
     * @param minFeatureSamples fewest feature vectors on each side for MMD to run
     * @param psiBins baseline-quantile bins PSI is computed on
     * @param psiEpsilon floor for empty-bin proportions in PSI
     * @param cusumAllowance the CUSUM slack per window, as a fraction of the score range
     * @param mmdPermutations permutations of the MMD test
     */
    public record Tests(
            Set<String> metrics,
            int minSamples,
            int minFeatureSamples,
            int psiBins,
            double psiEpsilon,
            double cusumAllowance,
            int mmdPermutations) {}

    /**
     * Returns one metric's thresholds.
     *
     * @param warning statistic at or above which the metric warns (an effect-size floor for tests
     *     with a p-value)
     * @param critical statistic at or above which the metric is critical (infinite for CUSUM, which
     *     warns only)
     * @param alpha significance level before Bonferroni correction; NaN for metrics without a
     *     p-value
     */
    public record Limit(double warning, double critical, double alpha) {}

    /** Returns the thresholds of every metric. */
    public record Limits(Limit psi, Limit ks, Limit wasserstein, Limit cusum, Limit mmd) {}

    /**
     * Returns the rules that stop alert storms.
     *
     * @param recoveryRatio a metric is clear when its statistic is below {@code warning * ratio}
     * @param recoveryWindows consecutive clear windows before a recovery
     * @param confirmWindows consecutive windows at WARNING before a drift is announced (CRITICAL is
     *     announced at once)
     * @param cooldown event time after a recovery during which a new drift is not announced
     */
    public record Hysteresis(
            double recoveryRatio, int recoveryWindows, int confirmWindows, Duration cooldown) {}

    /** Returns the drift settings read from {@code c}; throws {@link ConfigException}. */
    public static DriftConfig from(RawConfig c) {
        Duration size = c.getMillis("drift.window.size.ms");
        Duration advance = c.getMillis("drift.window.advance.ms");
        if (size.isZero() || advance.isZero() || advance.compareTo(size) > 0) {
            throw new ConfigException(
                    "settings 'drift.window.size.ms' and 'drift.window.advance.ms' must be"
                            + " positive with advance <= size");
        }
        Duration grace = c.getMillis("drift.window.grace.ms");
        Limits limits = DriftLimits.limits(c, "drift.", null);
        return new DriftConfig(
                segments(c.getString("drift.segments", "")),
                c.getPositiveInt("drift.segments.max"),
                new Window(size, advance, grace),
                c.get("drift.baseline"),
                c.getPositiveInt("drift.rolling.windows"),
                shape(c),
                tests(c),
                limits,
                DriftLimits.overrides(c, limits),
                hysteresis(c));
    }

    /** Returns the thresholds for a segment key: its override, else the defaults. */
    public Limits limitsFor(String segment) {
        return segmentLimits.getOrDefault(segment, limits);
    }

    /**
     * Returns the canonical segment key of some labels: {@code all} when empty, else {@code
     * name=value} pairs sorted by name and joined by commas.
     */
    public static String segmentKey(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return ALL;
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<>(labels).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    static List<List<String>> segments(String spec) {
        Set<List<String>> out = new LinkedHashSet<>();
        for (String combo : spec.split(";")) {
            Set<String> names = new TreeSet<>();
            for (String name : combo.split(",")) {
                String n = name.trim();
                if (!n.isEmpty()) {
                    if (!n.matches("[A-Za-z0-9_.-]+")) {
                        throw new ConfigException(
                                "setting 'drift.segments' has a bad label name '" + n + "'");
                    }
                    names.add(n);
                }
            }
            if (!names.isEmpty()) {
                out.add(List.copyOf(names));
            }
        }
        return List.copyOf(out);
    }

    private static Shape shape(RawConfig c) {
        double min = c.getDouble("drift.score.min");
        double max = c.getDouble("drift.score.max");
        if (!(max > min)) {
            throw new ConfigException("setting 'drift.score.max' must be above 'drift.score.min'");
        }
        return new Shape(
                bounded(c, "drift.histogram.bins", 2, 10_000),
                min,
                max,
                bounded(c, "drift.reservoir.size", 0, 4096),
                bounded(c, "drift.features.dim", 1, 1024),
                c.getLong("drift.seed"));
    }

    private static Tests tests(RawConfig c) {
        Set<String> metrics = new TreeSet<>();
        for (String m : c.getList("drift.metrics")) {
            String name = m.toUpperCase(Locale.ROOT);
            if (!METRICS.contains(name)) {
                throw new ConfigException(
                        "setting 'drift.metrics' has unknown metric '"
                                + m
                                + "'; known: "
                                + METRICS);
            }
            metrics.add(name);
        }
        return new Tests(
                Set.copyOf(metrics),
                c.getPositiveInt("drift.min.samples"),
                c.getPositiveInt("drift.mmd.min.samples"),
                bounded(c, "drift.psi.bins", 2, 1000),
                positive(c, "drift.psi.epsilon"),
                positive(c, "drift.cusum.allowance"),
                bounded(c, "drift.mmd.permutations", 19, 100_000));
    }

    private static Hysteresis hysteresis(RawConfig c) {
        double ratio = c.getDouble("drift.recovery.ratio");
        if (!(ratio > 0 && ratio <= 1)) {
            throw new ConfigException("setting 'drift.recovery.ratio' must be in (0, 1]");
        }
        return new Hysteresis(
                ratio,
                c.getPositiveInt("drift.recovery.windows"),
                c.getPositiveInt("drift.confirm.windows"),
                c.getMillis("drift.cooldown.ms"));
    }

    static int bounded(RawConfig c, String key, int min, int max) {
        int v = c.getInt(key);
        if (v < min || v > max) {
            throw new ConfigException(
                    "setting '" + key + "' must be in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    /** Returns the positive value of a key with a built-in default. */
    static double positive(RawConfig c, String key) {
        return positive(key, c.getDouble(key));
    }

    /** Returns a positive value, or {@code def} when the key has no value. */
    static double positive(RawConfig c, String key, double def) {
        return positive(key, c.getDouble(key, def));
    }

    private static double positive(String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new ConfigException("setting '" + key + "' must be a positive number, got " + v);
        }
        return v;
    }
}
