package io.qualitymonitor.stream;

import io.qualitymonitor.fetch.UriCredentials;
import io.qualitymonitor.model.ScoreField;
import io.qualitymonitor.model.ScoreResult;
import io.qualitymonitor.schemas.DeadLetter;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.schemas.QualityAlert;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.scoring.Outcome;
import io.qualitymonitor.scoring.Prepared;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Returns the output records of an upload's outcome: its {@link QualityScore}, the {@link
 * QualityAlert} when the score is low for its segment, or its {@link DeadLetter}.
 *
 * @param alerts the thresholds that apply per segment
 * @param modelName the name of the model that scores, written into a score whose outcome does not
 *     name its model
 * @param modelVersion the version of that model
 * @param replayRunId the replay run that re-scores, or null for live scoring
 */
public record OutputRecords(
        AlertPolicy alerts, String modelName, String modelVersion, String replayRunId) {

    /** Returns the score of an upload the model scored. */
    public QualityScore score(PendingUpload source, Outcome.Scored s, Instant now) {
        ImageUpload u = source.upload();
        ScoreResult r = s.result();
        QualityScore record =
                QualityScore.newBuilder()
                        .setUploadId(u.getUploadId())
                        .setImageUri(UriCredentials.strip(u.getImageUri()))
                        .setScore(r.score())
                        // Deprecated field, kept for readers of the first schema: it has always
                        // carried the zero-shot score.
                        .setVisionLanguageScore(r.get(ScoreField.ZERO_SHOT))
                        .setAttributes(r.attributes())
                        .setModelName(s.modelName() != null ? s.modelName() : modelName)
                        .setModelVersion(s.modelVersion() != null ? s.modelVersion() : modelVersion)
                        .setImageWidth(s.ready().image().width())
                        .setImageHeight(s.ready().image().height())
                        .setFetchMs(s.ready().fetchMs())
                        .setDecodeMs(s.ready().image().decodeMs())
                        .setInferenceMs(r.inferenceMs())
                        .setSegments(u.getSegments())
                        .setEventTime(u.getEventTime())
                        .setScoredTime(now)
                        .setReplayRunId(replayRunId)
                        .setFeatures(features(r.features()))
                        .build();
        // One mapping for the record and the command line: each field under its ScoreField name.
        r.fields().forEach((field, value) -> record.put(field.fieldName(), value));
        return record;
    }

    /** Returns the alert for a score below its segment's threshold, else empty. */
    public Optional<QualityAlert> alert(QualityScore s) {
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

    /** Returns the dead letter of an upload that could not be scored, with the original bytes. */
    public DeadLetter deadLetter(PendingUpload source, Prepared.Failed f, Instant now) {
        BufferedRecord in = source.record();
        ImageUpload u = source.upload();
        return DeadLetter.newBuilder()
                .setSourceTopic(in.id().topic())
                .setSourcePartition(in.id().partition())
                .setSourceOffset(in.id().offset())
                .setOriginalKey(in.key() == null ? null : ByteBuffer.wrap(in.key()))
                .setOriginalValue(in.value() == null ? null : ByteBuffer.wrap(in.value()))
                .setUploadId(u == null ? null : u.getUploadId())
                .setImageUri(u == null ? null : UriCredentials.strip(u.getImageUri()))
                .setReason(f.reason())
                .setMessage(UriCredentials.strip(f.message()))
                .setAttempts(f.attempts())
                .setFailedTime(now)
                .setReplayRunId(replayRunId)
                .build();
    }

    private static String reason(QualityScore s, AlertPolicy.Threshold t) {
        String base =
                String.format(
                        Locale.ROOT,
                        "score %.1f below %s threshold %.1f",
                        s.getScore(),
                        t.source(),
                        t.value());
        List<String> weakest =
                s.getAttributes().entrySet().stream()
                        .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                        .limit(2)
                        .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
                        .collect(Collectors.toList());
        return weakest.isEmpty() ? base : base + "; weakest: " + String.join(", ", weakest);
    }

    private static List<Float> features(float[] f) {
        if (f == null || f.length == 0) {
            return null;
        }
        List<Float> out = new ArrayList<>(f.length);
        for (float v : f) {
            out.add(v);
        }
        return out;
    }
}
