package io.qualitymonitor.serde;

import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Returns the Confluent wire-format Avro serializer and deserializer for one record type as a Kafka
 * {@link Serde}; build one with {@link AvroSerdes}.
 */
public final class AvroSerde<T extends IndexedRecord> implements Serde<T> {
    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    /** Returns a serde over the given halves. */
    public AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    /** Closes nothing: the {@link SchemaLookup} is shared and closed by whoever created it. */
    @Override
    public void close() {}
}
