package io.qualitymonitor.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.qualitymonitor.config.BatchConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Scores uploads in dynamic micro-batches.
 *
 * <p>Input: raw {@code ImageUpload} records ({@code byte[]} key and value, Confluent wire format)
 * from the upload topics. Output, one per input: a {@code QualityScore} to {@link
 * QualityTopology#SCORES_SINK} (plus a {@code QualityAlert} to {@link QualityTopology#ALERTS_SINK}
 * when the score is low), or a {@code DeadLetter} to {@link QualityTopology#DEAD_LETTERS_SINK}.
 *
 * <p>Each record is first written to a changelogged buffer store and its fetch and decode start
 * at once on virtual threads. A batch is scored when {@code batch.max.size} records beyond those
 * still being fetched are buffered (so the next batch fetches while this one runs on the model),
 * or, by a wall-clock punctuator, when the oldest buffered record has waited {@code
 * batch.max.delay.ms}. Outputs are forwarded and the buffer entries deleted in the same stream
 * task, so under exactly-once the outputs, the buffer changes and the input offsets commit in one
 * transaction: a crash before that commit restores the buffer and re-scores, never loses.
 */
public final class ScoringProcessor implements Processor<byte[], byte[], Object, Object> {
    private final BatchConfig batch;
    private final UploadPreparer preparer;
    private final BatchScorer scorer;
    private final OutcomeRouter.Factory routerFactory;
    private final MeterRegistry meters;
    private final Map<String, CompletableFuture<Prepared>> inFlight = new HashMap<>();

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> buffer;
    private OutcomeRouter router;

    public ScoringProcessor(
            BatchConfig batch,
            UploadPreparer preparer,
            BatchScorer scorer,
            OutcomeRouter.Factory routerFactory,
            MeterRegistry meters) {
        this.batch = batch;
        this.preparer = preparer;
        this.scorer = scorer;
        this.routerFactory = routerFactory;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.buffer = context.getStateStore(QualityTopology.BUFFER_STORE);
        this.router = routerFactory.create(context);
        Duration tick = Duration.ofMillis(Math.max(5, batch.maxDelay().toMillis() / 2));
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::flushExpired);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        PendingUpload pending =
                new PendingUpload(
                        meta.topic(),
                        meta.partition(),
                        meta.offset(),
                        record.key(),
                        record.value(),
                        record.timestamp(),
                        System.currentTimeMillis());
        buffer.put(pending.storeKey(), pending.toBytes());
        inFlight.put(pending.storeKey(), preparer.prepare(pending));
        meters.counter("qm.stream.records.in", "topic", meta.topic()).increment();
        if (buffer.approximateNumEntries() >= 2L * batch.maxSize()) {
            scoreOldest(batch.maxSize());
        }
    }

    private void flushExpired(long now) {
        List<PendingUpload> all = buffered();
        if (!all.isEmpty() && now - all.get(0).enqueuedAtMs() >= batch.maxDelay().toMillis()) {
            scoreOldest(all.size());
        }
    }

    private void scoreOldest(int count) {
        List<PendingUpload> all = buffered();
        for (int from = 0; from < Math.min(count, all.size()); from += batch.maxSize()) {
            List<PendingUpload> chunk =
                    all.subList(from, Math.min(Math.min(count, all.size()), from + batch.maxSize()));
            scoreChunk(chunk);
        }
    }

    private void scoreChunk(List<PendingUpload> chunk) {
        List<Prepared> prepared = new ArrayList<>(chunk.size());
        for (PendingUpload p : chunk) {
            CompletableFuture<Prepared> f = inFlight.remove(p.storeKey());
            // after a restart the buffer is restored from its changelog with nothing in flight
            prepared.add((f != null ? f : preparer.prepare(p)).join());
        }
        List<Outcome> outcomes = scorer.score(prepared);
        for (int i = 0; i < chunk.size(); i++) {
            router.route(chunk.get(i), outcomes.get(i));
            buffer.delete(chunk.get(i).storeKey());
        }
    }

    private List<PendingUpload> buffered() {
        List<PendingUpload> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = buffer.all()) {
            it.forEachRemaining(kv -> all.add(PendingUpload.fromBytes(kv.value)));
        }
        all.sort(
                java.util.Comparator.comparingLong(PendingUpload::enqueuedAtMs)
                        .thenComparingLong(PendingUpload::offset));
        return all;
    }

    @Override
    public void close() {
        // Buffered records stay in the store (and its changelog) and are scored after restart or
        // by the task's next owner; in-flight fetches are dropped, they restart from the buffer.
        // The preparer, scorer and meters are shared by all tasks: they are closed by the app.
        inFlight.values().forEach(f -> f.cancel(true));
        inFlight.clear();
    }
}
