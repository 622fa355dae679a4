package io.qualitymonitor.shadow;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.qualitymonitor.config.DriftConfig;
import io.qualitymonitor.drift.SegmentKeys;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Returns the agreement of a candidate with the live model per segment (the drift segments: {@code
 * all} plus each configured label combination), at most {@code drift.segments.max} of them; with a
 * meter registry, each segment's figures are gauges tagged with the segment.
 */
public final class Agreements {
    /** Name of the gauge of Spearman's correlation between candidate and live scores. */
    public static final String RANK_CORRELATION = "qm.shadow.rank.correlation";

    /** Name of the gauge of the mean score delta (candidate minus live). */
    public static final String DELTA_MEAN = "qm.shadow.delta.mean";

    /** Name of the gauge of the standard deviation of the score delta. */
    public static final String DELTA_SPREAD = "qm.shadow.delta.spread";

    /** Name of the counter of uploads on which one model alerts and the other does not. */
    public static final String ALERT_FLIPS = "qm.shadow.alert.flips";

    private final SegmentKeys keys;
    private final int window;
    private final int maxSegments;
    private final MeterRegistry meters;
    private final Map<String, Agreement> bySegment = new ConcurrentHashMap<>();

    /**
     * Returns empty agreements over the last {@code window} pairs per segment; {@code meters} may
     * be null (no metrics, as in {@code model status}).
     */
    public Agreements(DriftConfig drift, int window, MeterRegistry meters) {
        this.keys = new SegmentKeys(drift.segments());
        this.window = window;
        this.maxSegments = drift.maxSegments();
        this.meters = meters;
    }

    /** Adds one upload's pair of scores to every segment its labels belong to. */
    public void add(
            Map<String, String> labels,
            double liveScore,
            double candidateScore,
            boolean flip,
            double candidateMs) {
        for (String segment : keys.keysFor(labels)) {
            Agreement a = bySegment.get(segment);
            if (a == null) {
                if (bySegment.size() >= maxSegments) {
                    continue;
                }
                a = bySegment.computeIfAbsent(segment, this::create);
            }
            a.add(liveScore, candidateScore, flip, candidateMs);
            if (flip && meters != null) {
                meters.counter(ALERT_FLIPS, "segment", segment).increment();
            }
        }
    }

    /** Returns each segment's figures now, by segment key. */
    public SortedMap<String, Agreement.Summary> summaries() {
        SortedMap<String, Agreement.Summary> out = new TreeMap<>();
        bySegment.forEach((segment, a) -> out.put(segment, a.summary()));
        return out;
    }

    private Agreement create(String segment) {
        Agreement a = new Agreement(window);
        if (meters != null) {
            gauge(
                    RANK_CORRELATION,
                    "Spearman correlation of shadow and live scores",
                    a,
                    segment,
                    Agreement.Summary::rankCorrelation);
            gauge(
                    DELTA_MEAN,
                    "Mean of shadow minus live score",
                    a,
                    segment,
                    Agreement.Summary::deltaMean);
            gauge(
                    DELTA_SPREAD,
                    "Standard deviation of shadow minus live score",
                    a,
                    segment,
                    Agreement.Summary::deltaSpread);
            meters.counter(ALERT_FLIPS, "segment", segment);
        }
        return a;
    }

    private void gauge(
            String name,
            String description,
            Agreement a,
            String segment,
            ToDoubleFunction<Agreement.Summary> figure) {
        Gauge.builder(name, a, x -> figure.applyAsDouble(x.summary()))
                .description(description + " over the recent window, per segment")
                .tag("segment", segment)
                .register(meters);
    }
}
