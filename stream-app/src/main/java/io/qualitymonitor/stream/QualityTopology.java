package io.qualitymonitor.stream;

import io.qualitymonitor.schemas.DriftAlert;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Wires the scoring pipeline and drift monitoring; holds no logic.
 *
 * <pre>
 * uploads topics (byte[] key, ImageUpload value as raw bytes)
 *   -> scoring (ScoringProcessor, buffer store "scoring-buffer", changelogged)
 *        -> scores topic       (String uploadId, QualityScore)
 *        -> alerts topic       (String uploadId, QualityAlert)
 *        -> dead-letter topic  (Bytes original key, DeadLetter)
 * scores topic (String uploadId, QualityScore as raw bytes)
 *   -> drift-fan-out (SegmentFanOut: one DriftSample per segment key)
 *   -> repartition "drift-segments" (String segment, DriftSample bytes)
 *   -> drift (DriftProcessor, stores "drift-windows", "drift-state", "drift-reference",
 *             changelogged; reads the global store "drift-baselines")
 *        -> drift topic        (String segment, DriftAlert)
 * baselines topic, compacted (String name|segment, Baseline bytes) -> global store "drift-baselines"
 * </pre>
 *
 * Values are read as raw bytes and deserialized inside the processors, so an undeserialisable
 * record becomes a BAD_RECORD dead letter (uploads) or is skipped (scores) instead of stopping the
 * app.
 */
public final class QualityTopology {
    public static final String SOURCE = "uploads";
    public static final String SCORING = "scoring";
    public static final String BUFFER_STORE = "scoring-buffer";
    public static final String SCORES_SINK = "scores";
    public static final String ALERTS_SINK = "alerts";
    public static final String DEAD_LETTERS_SINK = "dead-letters";
    public static final String DRIFT = "drift";
    public static final String DRIFT_WINDOWS_STORE = "drift-windows";
    public static final String DRIFT_STATE_STORE = "drift-state";
    public static final String DRIFT_REFERENCE_STORE = "drift-reference";
    public static final String BASELINE_STORE = "drift-baselines";

    private QualityTopology() {}

    /** Returns the scoring topology plus drift monitoring of the scores it writes. */
    public static Topology build(
            Topics topics,
            ProcessorSupplier<byte[], byte[], Object, Object> scoring,
            ProcessorSupplier<String, byte[], String, byte[]> fanOut,
            ProcessorSupplier<String, byte[], String, DriftAlert> drift) {
        StreamsBuilder b = new StreamsBuilder();
        addScoring(b, topics, scoring);
        addDrift(b, topics, fanOut, drift);
        return b.build();
    }

    /** Returns drift monitoring alone: scores topic in, drift topic out. */
    public static Topology buildDrift(
            Topics topics,
            ProcessorSupplier<String, byte[], String, byte[]> fanOut,
            ProcessorSupplier<String, byte[], String, DriftAlert> drift) {
        StreamsBuilder b = new StreamsBuilder();
        addDrift(b, topics, fanOut, drift);
        return b.build();
    }

    private static void addScoring(
            StreamsBuilder b,
            Topics topics,
            ProcessorSupplier<byte[], byte[], Object, Object> scoring) {
        // persistent, though read only to recover: a topology with a persistent store keeps its
        // process id in the state folder, so an instance restarted after a crash has the same
        // transactional ids and fences the crashed one's open transaction at once
        b.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(BUFFER_STORE),
                                Serdes.String(),
                                Serdes.ByteArray())
                        .withLoggingEnabled(Map.of()));
        var raw = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE);
        KStream<byte[], byte[]> uploads =
                topics.uploadsPattern() != null
                        ? b.stream(topics.uploadsPattern(), raw)
                        : b.stream(topics.uploadNames(), raw);
        KStream<Object, Object> out = uploads.process(scoring, Named.as(SCORING), BUFFER_STORE);
        sink(out, SCORES_SINK, topics.scores());
        sink(out, ALERTS_SINK, topics.alerts());
        sink(out, DEAD_LETTERS_SINK, topics.deadLetters());
    }

    private static void addDrift(
            StreamsBuilder b,
            Topics topics,
            ProcessorSupplier<String, byte[], String, byte[]> fanOut,
            ProcessorSupplier<String, byte[], String, DriftAlert> drift) {
        b.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(BASELINE_STORE),
                                Serdes.String(),
                                Serdes.ByteArray())
                        .withLoggingDisabled(),
                topics.baselines().name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("baselines"),
                BaselineStoreUpdater::new);
        // cached: an open window is rewritten on every record; the changelog gets it per commit
        b.addStateStore(changelogged(DRIFT_WINDOWS_STORE).withCachingEnabled());
        b.addStateStore(changelogged(DRIFT_STATE_STORE));
        b.addStateStore(changelogged(DRIFT_REFERENCE_STORE));
        b.stream(
                        topics.scores().name(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("drift-scores"))
                .process(fanOut, Named.as("drift-fan-out"))
                .repartition(
                        Repartitioned.with(Serdes.String(), Serdes.ByteArray())
                                .withName("drift-segments"))
                .process(
                        drift,
                        Named.as(DRIFT),
                        DRIFT_WINDOWS_STORE,
                        DRIFT_STATE_STORE,
                        DRIFT_REFERENCE_STORE)
                .to(
                        topics.drift().name(),
                        Produced.with(topics.drift().keySerde(), topics.drift().valueSerde())
                                .withName("drift-alerts"));
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> changelogged(String name) {
        return Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(Map.of());
    }

    @SuppressWarnings("unchecked")
    private static <K, V> void sink(KStream<Object, Object> out, String name, Topic<K, V> topic) {
        // the scoring processor forwards each record type to the sink of its name
        out.to(
                topic.name(),
                Produced.with(
                                (Serde<Object>) (Serde<?>) topic.keySerde(),
                                (Serde<Object>) (Serde<?>) topic.valueSerde())
                        .withName(name));
    }
}
