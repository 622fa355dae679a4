package io.qualitymonitor.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records in the Confluent wire format; the schema id comes from the registry under the
 * subject the {@link SubjectNameStrategy} derives, registered first when auto-registration is on.
 * Null in, null out (a tombstone). Thread-safe.
 *
 * <p>Registry failures surface as {@link RegistryException}; a record the writer cannot encode as a
 * Kafka {@link SerializationException}.
 */
public final class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {
    private final SchemaLookup lookup;
    private final SubjectNameStrategy strategy;
    private final boolean autoRegister;
    private final boolean isKey;
    private final GenericData model;
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();

    /**
     * Returns a serializer.
     *
     * @param model {@code SpecificData} of the record class, or {@code GenericData.get()}
     * @param isKey true for record keys ({@code <topic>-key} under TopicNameStrategy)
     */
    public AvroSerializer(
            SchemaLookup lookup,
            SubjectNameStrategy strategy,
            boolean autoRegister,
            boolean isKey,
            GenericData model) {
        this.lookup = lookup;
        this.strategy = strategy;
        this.autoRegister = autoRegister;
        this.isKey = isKey;
        this.model = model;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Schema schema = data.getSchema();
        String subject = strategy.subject(topic, schema, isKey);
        // the registry holds the published .avsc form; the writer needs only the record's schema
        Schema published = PublishedSchema.of(schema);
        int id =
                autoRegister
                        ? lookup.register(subject, published)
                        : lookup.lookupId(subject, published);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        WireFormat.writeHeader(out, id);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writerFor(schema).write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "cannot encode "
                            + schema.getFullName()
                            + " for topic "
                            + topic
                            + " as Avro: "
                            + e.getMessage(),
                    e);
        }
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private DatumWriter<T> writerFor(Schema schema) {
        return writers.computeIfAbsent(schema, s -> (DatumWriter<T>) model.createDatumWriter(s));
    }
}
