package io.qualitymonitor.stream;

import io.qualitymonitor.config.DriftConfig;
import io.qualitymonitor.drift.FeatureProjection;
import io.qualitymonitor.drift.SegmentKeys;
import io.qualitymonitor.schemas.QualityScore;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns, for one live score, one drift sample per segment key it belongs to ({@code all} plus
 * every configured label combination), keyed by segment so that each segment is monitored by
 * exactly one task after repartitioning. Replayed scores (with a replay run id) are left out:
 * re-scored history must not count as live traffic.
 */
public final class SegmentFanOut implements Processor<String, byte[], String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentFanOut.class);
    private final SegmentKeys keys;
    private final FeatureProjection projection;
    private final Topic<String, QualityScore> scores;
    private final Deserializer<QualityScore> deserializer;
    private ProcessorContext<String, byte[]> context;

    /** Returns the fan-out for the configured segments and projection over {@code scores}. */
    public SegmentFanOut(DriftConfig config, Topic<String, QualityScore> scores) {
        this.keys = new SegmentKeys(config.segments());
        this.projection = new FeatureProjection(config.shape().featureDim(), config.shape().seed());
        this.scores = scores;
        this.deserializer = scores.valueSerde().deserializer();
    }

    /**
     * Returns the samples of one raw scores-topic value; empty (and logged) when it cannot be read,
     * so a foreign record on the scores topic does not stop drift monitoring.
     */
    public List<KeyValue<String, byte[]>> samples(byte[] value, int partition) {
        if (value == null) {
            return List.of();
        }
        try {
            return samples(deserializer.deserialize(scores.name(), value), partition);
        } catch (RuntimeException e) {
            LOG.warn(
                    "drift: skipping an unreadable record of '{}': {}",
                    scores.name(),
                    e.toString());
            return List.of();
        }
    }

    /**
     * Returns (segment key, sample bytes) pairs for a score read from scores-topic {@code
     * partition}; empty for a replayed or missing score.
     */
    public List<KeyValue<String, byte[]>> samples(QualityScore s, int partition) {
        if (s == null || s.getReplayRunId() != null) {
            return List.of();
        }
        byte[] sample =
                new DriftSample(
                                partition,
                                s.getEventTime().toEpochMilli(),
                                s.getScore(),
                                s.getModelVersion(),
                                projection.apply(features(s.getFeatures())))
                        .toBytes();
        return keys.keysFor(s.getSegments()).stream().map(k -> KeyValue.pair(k, sample)).toList();
    }

    /** Keeps the context, to read each record's source partition. */
    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(0);
        for (KeyValue<String, byte[]> kv : samples(record.value(), partition)) {
            context.forward(record.withKey(kv.key).withValue(kv.value));
        }
    }

    private static float[] features(List<Float> values) {
        if (values == null) {
            return null;
        }
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = values.get(i);
        }
        return f;
    }
}
