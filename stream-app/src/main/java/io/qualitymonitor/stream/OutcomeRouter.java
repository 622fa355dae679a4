package io.qualitymonitor.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.qualitymonitor.model.ScoreField;
import io.qualitymonitor.schemas.DeadLetter;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.schemas.QualityAlert;
import io.qualitymonitor.schemas.QualityScore;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns each {@link Outcome} into its output records and forwards them: a score (and an alert when
 * the score is low) or a dead letter. Counts what it forwards.
 */
public final class OutcomeRouter {
    /** Name of the counter of forwarded records, tagged with the sink. */
    public static final String RECORDS_OUT = "qm.stream.records.out";

    private final ProcessorContext<Object, Object> context;
    private final AlertPolicy alerts;
    private final MeterRegistry meters;
    private final Clock clock;
    private final String replayRunId;

    /** Creates a router per processor instance (each stream task has its own context). */
    @FunctionalInterface
    public interface Factory {
        OutcomeRouter create(ProcessorContext<Object, Object> context);
    }

    public OutcomeRouter(
            ProcessorContext<Object, Object> context,
            AlertPolicy alerts,
            MeterRegistry meters,
            Clock clock,
            String replayRunId) {
        this.context = context;
        this.alerts = alerts;
        this.meters = meters;
        this.clock = clock;
        this.replayRunId = replayRunId;
    }

    /** Forwards the records for {@code outcome} of the buffered input {@code source}. */
    public void route(PendingUpload source, Outcome outcome) {
        long now = clock.millis();
        switch (outcome) {
            case Outcome.Scored s -> {
                QualityScore score = scoreRecord(s, Instant.ofEpochMilli(now));
                forward(QualityTopology.SCORES_SINK, score.getUploadId(), score, now);
                meters.timer("qm.stream.end.to.end")
                        .record(
                                Math.max(0, now - score.getEventTime().toEpochMilli()),
                                TimeUnit.MILLISECONDS);
                alertRecord(score)
                        .ifPresent(
                                a -> forward(QualityTopology.ALERTS_SINK, a.getUploadId(), a, now));
            }
            case Outcome.Failed f -> {
                DeadLetter dl = deadLetter(source, f.failure(), Instant.ofEpochMilli(now));
                forward(
                        QualityTopology.DEAD_LETTERS_SINK,
                        source.key() == null
                                ? null
                                : org.apache.kafka.common.utils.Bytes.wrap(source.key()),
                        dl,
                        now);
                meters.counter("qm.stream.dead.letters", "reason", dl.getReason().name())
                        .increment();
            }
        }
    }

    private void forward(String sink, Object key, Object value, long timestamp) {
        context.forward(new Record<>(key, value, timestamp), sink);
        meters.counter(RECORDS_OUT, "sink", sink).increment();
    }

    QualityScore scoreRecord(Outcome.Scored s, Instant now) {
        ImageUpload u = s.ready().upload();
        Outcome.ModelScore m = s.score();
        QualityScore record =
                QualityScore.newBuilder()
                        .setUploadId(u.getUploadId())
                        .setImageUri(u.getImageUri())
                        .setScore(m.score())
                        // Deprecated field, kept for readers of the first schema: it has always
                        // carried the zero-shot score.
                        .setVisionLanguageScore(m.fields().get(ScoreField.ZERO_SHOT))
                        .setAttributes(m.attributes())
                        .setModelName(m.modelName())
                        .setModelVersion(m.modelVersion())
                        .setImageWidth(s.ready().image().width())
                        .setImageHeight(s.ready().image().height())
                        .setFetchMs(s.ready().fetchMs())
                        .setDecodeMs(s.ready().image().decodeMs())
                        .setInferenceMs(m.inferenceMs())
                        .setSegments(u.getSegments())
                        .setEventTime(u.getEventTime())
                        .setScoredTime(now)
                        .setReplayRunId(replayRunId)
                        .setFeatures(features(m.features()))
                        .build();
        // One mapping for the record and the command line: each field under its ScoreField name.
        m.fields().forEach((field, value) -> record.put(field.fieldName(), value));
        return record;
    }

    private static List<Float> features(float[] f) {
        if (f == null || f.length == 0) {
            return null;
        }
        List<Float> out = new java.util.ArrayList<>(f.length);
        for (float v : f) {
            out.add(v);
        }
        return out;
    }

    Optional<QualityAlert> alertRecord(QualityScore s) {
        return alerts.crossed(s.getScore(), s.getSegments())
                .map(
                        t ->
                                QualityAlert.newBuilder()
                                        .setUploadId(s.getUploadId())
                                        .setImageUri(s.getImageUri())
                                        .setScore(s.getScore())
                                        .setThreshold(t.value())
                                        .setThresholdSource(t.source())
                                        .setSegments(s.getSegments())
                                        .setReason(reason(s, t))
                                        .setAttributes(s.getAttributes())
                                        .setModelName(s.getModelName())
                                        .setModelVersion(s.getModelVersion())
                                        .setEventTime(s.getEventTime())
                                        .setAlertTime(s.getScoredTime())
                                        .setReplayRunId(s.getReplayRunId())
                                        .build());
    }

    private static String reason(QualityScore s, AlertPolicy.Threshold t) {
        String base =
                String.format(
                        java.util.Locale.ROOT,
                        "score %.1f below %s threshold %.1f",
                        s.getScore(),
                        t.source(),
                        t.value());
        List<String> weakest =
                s.getAttributes().entrySet().stream()
                        .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                        .limit(2)
                        .map(
                                e ->
                                        String.format(
                                                java.util.Locale.ROOT,
                                                "%s %.0f",
                                                e.getKey(),
                                                e.getValue()))
                        .collect(Collectors.toList());
        return weakest.isEmpty() ? base : base + "; weakest: " + String.join(", ", weakest);
    }

    DeadLetter deadLetter(PendingUpload source, Prepared.Failed f, Instant now) {
        ImageUpload u = f.upload();
        return DeadLetter.newBuilder()
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setOriginalKey(source.key() == null ? null : ByteBuffer.wrap(source.key()))
                .setOriginalValue(source.value() == null ? null : ByteBuffer.wrap(source.value()))
                .setUploadId(u == null ? null : u.getUploadId())
                .setImageUri(u == null ? null : u.getImageUri())
                .setReason(f.reason())
                .setMessage(f.message())
                .setAttempts(f.attempts())
                .setFailedTime(now)
                .setReplayRunId(replayRunId)
                .build();
    }
}
