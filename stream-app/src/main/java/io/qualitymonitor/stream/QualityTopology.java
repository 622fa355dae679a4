package io.qualitymonitor.stream;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Wires the scoring pipeline; holds no logic.
 *
 * <pre>
 * uploads topics (byte[] key, ImageUpload value as raw bytes)
 *   -> scoring (ScoringProcessor, buffer store "scoring-buffer", changelogged)
 *        -> scores topic       (String uploadId, QualityScore)
 *        -> alerts topic       (String uploadId, QualityAlert)
 *        -> dead-letter topic  (Bytes original key, DeadLetter)
 * </pre>
 *
 * Values are read as raw bytes and deserialized inside the processor, so an undeserialisable record
 * becomes a BAD_RECORD dead letter with its original bytes instead of stopping the app.
 */
public final class QualityTopology {
    public static final String SOURCE = "uploads";
    public static final String SCORING = "scoring";
    public static final String BUFFER_STORE = "scoring-buffer";
    public static final String SCORES_SINK = "scores";
    public static final String ALERTS_SINK = "alerts";
    public static final String DEAD_LETTERS_SINK = "dead-letters";

    private QualityTopology() {}

    /** Returns the topology reading {@code topics} and scoring with {@code scoring}. */
    public static Topology build(
            Topics topics, ProcessorSupplier<byte[], byte[], Object, Object> scoring) {
        Topology t = new Topology();
        var keys = Serdes.ByteArray().deserializer();
        var values = Serdes.ByteArray().deserializer();
        if (topics.uploadsPattern() != null) {
            t.addSource(SOURCE, keys, values, topics.uploadsPattern());
        } else {
            t.addSource(SOURCE, keys, values, topics.uploadNames().toArray(String[]::new));
        }
        t.addProcessor(SCORING, scoring, SOURCE);
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(BUFFER_STORE),
                                Serdes.String(),
                                Serdes.ByteArray())
                        .withLoggingEnabled(Map.of()),
                SCORING);
        sink(t, SCORES_SINK, topics.scores());
        sink(t, ALERTS_SINK, topics.alerts());
        sink(t, DEAD_LETTERS_SINK, topics.deadLetters());
        return t;
    }

    private static <K, V> void sink(Topology t, String name, Topic<K, V> topic) {
        t.addSink(
                name,
                topic.name(),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer(),
                SCORING);
    }
}
