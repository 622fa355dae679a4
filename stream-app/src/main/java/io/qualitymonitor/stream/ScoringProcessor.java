package io.qualitymonitor.stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.qualitymonitor.batch.Batch;
import io.qualitymonitor.batch.MicroBatcher;
import io.qualitymonitor.config.BatchConfig;
import io.qualitymonitor.scoring.BatchScorer;
import io.qualitymonitor.scoring.Outcome;
import io.qualitymonitor.scoring.Prepared;
import io.qualitymonitor.serde.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
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
 * <p>Each record waits in memory for its batch, its fetch and decode started at once on virtual
 * threads; it is also written to a changelogged buffer store, which is read only to recover. The
 * {@link MicroBatcher} releases a batch at {@code batch.max.size} records or when the oldest has
 * waited {@code batch.max.delay.ms}. A full batch is held back for one step: it is scored when the
 * next batch fills or at the next punctuation, so the next batch fetches and decodes while this one
 * runs on the model. A batch with an upload still waiting on the Schema Registry (an outage) stays
 * held, with those after it, until the upload is read. Outputs are forwarded and the buffer entries
 * deleted in the same task, so under exactly-once the outputs, the buffer changes and the input
 * offsets commit in one transaction: a crash before that commit restores the buffer from its
 * changelog and re-scores, never loses.
 */
public final class ScoringProcessor implements Processor<byte[], byte[], Object, Object> {
    /** Name of the counter of records read, tagged with the input topic. */
    public static final String RECORDS_IN = "qm.stream.records.in";

    /** Name of the gauge of records waiting in a task's buffer for their outcome. */
    public static final String BUFFERED = "qm.stream.buffered";

    /** Name of the timer of one batch's scoring by the model (after fetch and decode). */
    public static final String INFERENCE = "qm.stream.inference";

    private final BatchConfig batchConfig;
    private final UploadPreparer preparer;
    private final BatchScorer scorer;
    private final Function<ProcessorContext<Object, Object>, OutcomeRouter> routers;
    private final MeterRegistry meters;

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> buffer;
    private OutcomeRouter router;
    private MicroBatcher<PendingUpload> batcher;
    private Timer inference;
    private long buffered;
    private Gauge bufferedGauge;
    private final Deque<Batch<PendingUpload>> held = new ArrayDeque<>();

    /**
     * Returns a processor for one stream task over the shared collaborators; {@code routers} makes
     * the task's outcome router from its context.
     */
    public ScoringProcessor(
            BatchConfig batchConfig,
            UploadPreparer preparer,
            BatchScorer scorer,
            Function<ProcessorContext<Object, Object>, OutcomeRouter> routers,
            MeterRegistry meters) {
        this.batchConfig = batchConfig;
        this.preparer = preparer;
        this.scorer = scorer;
        this.routers = routers;
        this.meters = meters;
    }

    /**
     * Returns the supplier of scoring processors (one per stream task) over the shared
     * collaborators; the application and the tests build the topology with it.
     */
    public static ProcessorSupplier<byte[], byte[], Object, Object> supplier(
            BatchConfig batchConfig,
            UploadPreparer preparer,
            BatchScorer scorer,
            Function<ProcessorContext<Object, Object>, OutcomeRouter> routers,
            MeterRegistry meters) {
        return () -> new ScoringProcessor(batchConfig, preparer, scorer, routers, meters);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.buffer = context.getStateStore(QualityTopology.BUFFER_STORE);
        this.router = routers.apply(context);
        this.inference =
                Timer.builder(INFERENCE)
                        .description("Time the model took to score one batch")
                        .register(meters);
        // Kafka Streams' own clock, so that wall-clock punctuation and batch ages agree.
        InstantSource clock = () -> Instant.ofEpochMilli(context.currentSystemTimeMs());
        this.batcher =
                new MicroBatcher<>(
                        batchConfig.maxSize(),
                        batchConfig.maxDelay(),
                        clock,
                        new BatchMeters(meters));
        // After a crash or a rebalance the buffer comes back from its changelog: score it again.
        List<BufferedRecord> restored = restored();
        buffered = restored.size();
        bufferedGauge =
                Gauge.builder(BUFFERED, this, p -> p.buffered)
                        .description("records waiting in a task's buffer for their outcome")
                        .tag("task", context.taskId().toString())
                        .register(meters);
        restored.forEach(r -> batcher.add(preparer.prepare(r)).ifPresent(this::hold));
        Duration tick = Duration.ofMillis(Math.max(5, batchConfig.maxDelay().toMillis() / 2));
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        BufferedRecord r =
                new BufferedRecord(
                        new RecordId(meta.topic(), meta.partition(), meta.offset()),
                        record.key(),
                        // a schema id in the record header travels in front of the value
                        WireFormat.withHeaderSchemaId(record.headers(), record.value()),
                        record.timestamp(),
                        System.currentTimeMillis());
        buffer.put(r.id().storeKey(), r.toBytes());
        buffered++;
        meters.counter(RECORDS_IN, "topic", meta.topic()).increment();
        batcher.add(preparer.prepare(r)).ifPresent(this::hold);
    }

    /**
     * Holds the new batch and scores the one before it (its successor has filled, so it is next).
     */
    private void hold(Batch<PendingUpload> full) {
        held.addLast(full);
        scoreReadBatches(1);
    }

    private void punctuate(long nowMs) {
        batcher.pollExpired(Instant.ofEpochMilli(nowMs)).ifPresent(held::addLast);
        scoreReadBatches(0);
    }

    /**
     * Scores the held batches in order, keeping the newest {@code keep}; stops at a batch with an
     * upload still waiting on the Schema Registry, so the stream thread never blocks on it.
     */
    private void scoreReadBatches(int keep) {
        while (held.size() > keep
                && held.peekFirst().items().stream().allMatch(PendingUpload::isRead)) {
            score(held.pollFirst());
        }
    }

    private void score(Batch<PendingUpload> batch) {
        List<Prepared> prepared = new ArrayList<>(batch.size());
        for (PendingUpload p : batch.items()) {
            prepared.add(p.prepared().join());
        }
        List<Outcome> outcomes = inference.record(() -> scorer.score(prepared));
        for (int i = 0; i < batch.size(); i++) {
            PendingUpload p = batch.items().get(i);
            router.route(p, outcomes.get(i));
            buffer.delete(p.record().id().storeKey());
            buffered--;
        }
    }

    private List<BufferedRecord> restored() {
        List<BufferedRecord> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = buffer.all()) {
            it.forEachRemaining(kv -> all.add(BufferedRecord.fromBytes(kv.value)));
        }
        all.sort(Comparator.comparingLong(BufferedRecord::enqueuedAtMs));
        return all;
    }

    @Override
    public void close() {
        // Buffered records stay in the store and its changelog, to be scored after a restart or by
        // the task's next owner; fetches in flight are dropped and redone from the buffer then.
        // The preparer, scorer and meter registry are shared by all tasks: the app closes them.
        List<PendingUpload> waiting = new ArrayList<>();
        held.forEach(b -> waiting.addAll(b.items()));
        waiting.addAll(batcher.clear());
        waiting.forEach(PendingUpload::cancel);
        held.clear();
        if (bufferedGauge != null) {
            meters.remove(bufferedGauge);
        }
    }
}
