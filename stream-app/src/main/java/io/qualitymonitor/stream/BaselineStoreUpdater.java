package io.qualitymonitor.stream;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global baseline store equal to the compacted baselines topic: key {@code name|segment},
 * value {@code drift.Baseline} bytes (the latest version wins); a null value deletes.
 */
public final class BaselineStoreUpdater implements Processor<String, byte[], Void, Void> {
    private KeyValueStore<String, byte[]> store;

    /** Returns the key of {@code segment}'s part of the baseline {@code name}. */
    public static String key(String name, String segment) {
        return name + "|" + segment;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(QualityTopology.BASELINE_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
