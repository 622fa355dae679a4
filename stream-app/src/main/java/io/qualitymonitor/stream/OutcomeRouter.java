package io.qualitymonitor.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.qualitymonitor.schemas.DeadLetter;
import io.qualitymonitor.schemas.DeadLetterReason;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.scoring.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Forwards the output records of each {@link Outcome} to their sinks: a score (and an alert when
 * the score is low) or a dead letter. Counts what it forwards.
 */
public final class OutcomeRouter {
    /** Name of the counter of forwarded records, tagged with the sink. */
    public static final String RECORDS_OUT = "qm.stream.records.out";

    /** Name of the counter of dead letters, tagged with the reason code. */
    public static final String DEAD_LETTERS = "qm.stream.dead.letters";

    /** Name of the timer from an upload's event time to its score's output. */
    public static final String END_TO_END = "qm.stream.end.to.end";

    private final ProcessorContext<Object, Object> context;
    private final OutputRecords records;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ScoreTap tap;

    /**
     * Returns a router for one processor instance (each stream task has its own context) that also
     * hands each score to {@code tap}.
     */
    public OutcomeRouter(
            ProcessorContext<Object, Object> context,
            OutputRecords records,
            MeterRegistry meters,
            Clock clock,
            ScoreTap tap) {
        this.context = context;
        this.records = records;
        this.meters = meters;
        this.clock = clock;
        this.tap = tap;
        // Every reason exists from the start at 0, so that rates and alerts see it before its first
        // dead letter.
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            meters.counter(DEAD_LETTERS, "reason", reason.name());
        }
    }

    /** Forwards the records for {@code outcome} of the buffered upload {@code source}. */
    public void route(PendingUpload source, Outcome outcome) {
        long now = clock.millis();
        switch (outcome) {
            case Outcome.Scored s -> {
                QualityScore score = records.score(source, s, Instant.ofEpochMilli(now));
                forward(QualityTopology.SCORES_SINK, score.getUploadId(), score, now);
                meters.timer(END_TO_END)
                        .record(
                                Math.max(0, now - score.getEventTime().toEpochMilli()),
                                TimeUnit.MILLISECONDS);
                records.alert(score)
                        .ifPresent(
                                a -> forward(QualityTopology.ALERTS_SINK, a.getUploadId(), a, now));
                tap.offer(source, s, score);
            }
            case Outcome.Failed f -> {
                DeadLetter dl = records.deadLetter(source, f.failure(), Instant.ofEpochMilli(now));
                byte[] key = source.record().key();
                forward(
                        QualityTopology.DEAD_LETTERS_SINK,
                        key == null ? null : Bytes.wrap(key),
                        dl,
                        now);
                meters.counter(DEAD_LETTERS, "reason", dl.getReason().name()).increment();
            }
        }
    }

    private void forward(String sink, Object key, Object value, long timestamp) {
        context.forward(new Record<>(key, value, timestamp), sink);
        meters.counter(RECORDS_OUT, "sink", sink).increment();
    }
}
