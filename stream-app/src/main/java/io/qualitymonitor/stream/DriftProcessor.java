package io.qualitymonitor.stream;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.qualitymonitor.config.DriftConfig;
import io.qualitymonitor.drift.Baseline;
import io.qualitymonitor.drift.DriftMonitor;
import io.qualitymonitor.drift.DriftSummary;
import io.qualitymonitor.drift.MonitorState;
import io.qualitymonitor.drift.RollingReference;
import io.qualitymonitor.drift.WindowSummary;
import io.qualitymonitor.schemas.DriftAlert;
import io.qualitymonitor.schemas.DriftStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Monitors the score and feature distributions of each segment over event-time windows and forwards
 * a {@link DriftAlert} when a segment starts drifting or recovers.
 *
 * <p>Input: segment key to {@link DriftSample} bytes (after repartitioning by segment, so one task
 * owns each segment). Output: segment key to {@link DriftAlert}. Stores (changelogged, String to
 * bytes): {@link QualityTopology#DRIFT_WINDOWS_STORE} (open window summaries), {@link
 * QualityTopology#DRIFT_STATE_STORE} ({@code MonitorState}), {@link
 * QualityTopology#DRIFT_REFERENCE_STORE} (rolling references), each per segment and model version,
 * so that a promoted model's scores are compared with its own; reads the global {@link
 * QualityTopology#BASELINE_STORE} when {@code drift.baseline} names a baseline.
 *
 * <p>A window is tested when the task's stream time (the latest event time seen) passes its end
 * plus {@code drift.window.grace.ms}; records for windows already tested are dropped and counted.
 * At most {@code drift.segments.max} segments (of one model version each) are tracked per task;
 * records of further segments are dropped and counted, which bounds memory (see the README).
 */
public final class DriftProcessor implements Processor<String, byte[], String, DriftAlert> {
    /** How far (in window sizes) the watermark may trail the latest event time, at most. */
    static final int MAX_LAG_WINDOWS = 24;

    /** Name of the counter of drift alerts, tagged with the status (DRIFTING or RECOVERED). */
    public static final String ALERTS = "qm.stream.drift.alerts";

    /** Name of the counter of windows tested. */
    public static final String WINDOWS = "qm.stream.drift.windows";

    /** Name of the counter of samples left out, tagged with the reason. */
    public static final String DROPPED = "qm.stream.drift.dropped";

    /** Name of the distribution of live scores, tagged with the segment. */
    public static final String SCORES = "qm.stream.drift.scores";

    /** Buckets of {@link #SCORES}: tenths of the score range. */
    private static final int SCORE_BUCKETS = 10;

    private final DriftConfig config;
    private final DriftMonitor monitor;
    private final DriftWindows windows;
    private final MeterRegistry meters;
    private final Clock clock;
    private ProcessorContext<String, DriftAlert> context;
    private KeyValueStore<String, byte[]> open;
    private KeyValueStore<String, byte[]> states;
    private KeyValueStore<String, byte[]> references;
    private KeyValueStore<String, byte[]> baselines;
    private final Watermarks watermarks;
    private long lastEpoch = Long.MIN_VALUE;
    private final double[] scoreBuckets = new double[SCORE_BUCKETS];

    /** Separates a segment from the model version in the keys of windows, states, references. */
    private static final char VERSION = '\u0001';

    /**
     * Returns the processor.
     *
     * @param sourcePartitions the scores topic's partition count: the watermark waits for a sample
     *     from each (or 30 s of silence) before windows close
     */
    public DriftProcessor(
            DriftConfig config, MeterRegistry meters, Clock clock, int sourcePartitions) {
        this.config = config;
        this.monitor = new DriftMonitor(config);
        this.windows = new DriftWindows(config.window());
        this.watermarks =
                new Watermarks(
                        config.window().size().toMillis() * MAX_LAG_WINDOWS, sourcePartitions);
        this.meters = meters;
        this.clock = clock;
        double step = (config.shape().scoreMax() - config.shape().scoreMin()) / SCORE_BUCKETS;
        for (int i = 0; i < SCORE_BUCKETS; i++) {
            scoreBuckets[i] = config.shape().scoreMin() + step * (i + 1);
        }
    }

    @Override
    public void init(ProcessorContext<String, DriftAlert> context) {
        this.context = context;
        this.open = context.getStateStore(QualityTopology.DRIFT_WINDOWS_STORE);
        this.states = context.getStateStore(QualityTopology.DRIFT_STATE_STORE);
        this.references = context.getStateStore(QualityTopology.DRIFT_REFERENCE_STORE);
        this.baselines = context.getStateStore(QualityTopology.BASELINE_STORE);
        // The counters exist from the start at 0, so that rates and alerts see them at once.
        for (DriftStatus status : DriftStatus.values()) {
            meters.counter(ALERTS, "status", status.name());
        }
        meters.counter(WINDOWS);
        meters.counter(DROPPED, "reason", "late");
        meters.counter(DROPPED, "reason", "segments.max");
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        DriftSample sample = DriftSample.fromBytes(record.value());
        String tracked = tracked(record.key(), sample.modelVersion());
        if (states.get(tracked) == null) {
            if (states.approximateNumEntries() >= config.maxSegments()) {
                meters.counter(DROPPED, "reason", "segments.max").increment();
                return;
            }
            states.put(tracked, MonitorState.INITIAL.toBytes());
        }
        scores(record.key()).record(sample.score());
        long watermark = watermarks.observe(sample, clock.millis());
        boolean added = false;
        for (long start : windows.startsFor(sample.eventTimeMs())) {
            if (!windows.closed(start, watermark)) {
                add(DriftWindows.key(tracked, start), sample);
                added = true;
            }
        }
        if (!added) {
            meters.counter(DROPPED, "reason", "late").increment();
        }
        long epoch = windows.closingEpoch(watermark);
        if (epoch != lastEpoch) {
            lastEpoch = epoch;
            closeWindows(watermark);
        }
    }

    private void add(String key, DriftSample sample) {
        byte[] bytes = open.get(key);
        DriftSummary summary =
                bytes == null ? DriftSummary.empty(config.shape()) : DriftSummary.fromBytes(bytes);
        summary.add(sample.score(), sample.projected());
        open.put(key, summary.toBytes());
    }

    private void closeWindows(long watermark) {
        List<KeyValue<String, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = open.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (windows.closed(DriftWindows.startOf(kv.key), watermark)) {
                    due.add(kv);
                }
            }
        }
        for (KeyValue<String, byte[]> kv : due) {
            long start = DriftWindows.startOf(kv.key);
            test(
                    DriftWindows.segmentOf(kv.key),
                    new WindowSummary(start, windows.end(start), DriftSummary.fromBytes(kv.value)));
            open.delete(kv.key);
        }
    }

    private void test(String tracked, WindowSummary window) {
        String segment = tracked.substring(0, tracked.indexOf(VERSION));
        String modelVersion = tracked.substring(tracked.indexOf(VERSION) + 1);
        byte[] s = states.get(tracked);
        MonitorState state = s == null ? MonitorState.INITIAL : MonitorState.fromBytes(s);
        RollingReference rolling = config.baselineName() == null ? rolling(tracked) : null;
        Optional<Baseline> reference =
                rolling != null ? rolling.baseline() : named(config.baselineName(), segment);
        if (reference.isPresent()) {
            DriftMonitor.Step step = monitor.observe(segment, state, reference.get(), window);
            state = step.state();
            step.event()
                    .ifPresent(
                            e -> {
                                DriftAlert alert =
                                        DriftAlerts.of(
                                                e,
                                                modelVersion,
                                                Instant.ofEpochMilli(clock.millis()));
                                context.forward(new Record<>(segment, alert, window.endMs()));
                                meters.counter(ALERTS, "status", e.status().name()).increment();
                            });
        }
        if (rolling != null && !state.drifting()) {
            rolling.offer(window.summary());
            references.put(tracked, rolling.toBytes());
        }
        states.put(tracked, state.toBytes());
        meters.counter(WINDOWS).increment();
    }

    /**
     * Returns the score distribution of a tracked segment (at most drift.segments.max per task).
     */
    private DistributionSummary scores(String segment) {
        return DistributionSummary.builder(SCORES)
                .description("Scores of the live pipeline per drift segment")
                .tag("segment", segment)
                .serviceLevelObjectives(scoreBuckets)
                .register(meters);
    }

    /**
     * Returns the key of a segment's windows, monitor state and rolling reference under one model
     * version: each version's scores are summarised apart, and a new model starts with a fresh
     * reference (a named baseline is kept for every version: it was chosen).
     */
    private static String tracked(String segment, String modelVersion) {
        return segment + VERSION + modelVersion;
    }

    private RollingReference rolling(String segment) {
        byte[] r = references.get(segment);
        return r == null
                ? new RollingReference(config.rollingWindows())
                : RollingReference.fromBytes(r);
    }

    private Optional<Baseline> named(String name, String segment) {
        byte[] b = baselines.get(BaselineStoreUpdater.key(name, segment));
        return b == null ? Optional.empty() : Optional.of(Baseline.fromBytes(b));
    }

    @Override
    public void close() {
        // the stores belong to Kafka Streams, which flushes and closes them
    }
}
