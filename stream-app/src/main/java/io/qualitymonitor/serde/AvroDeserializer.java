package io.qualitymonitor.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format Avro records: fetches the writer schema by the id (or GUID) in the
 * prefix or in the {@value WireFormat#VALUE_SCHEMA_ID_HEADER} header, with the schemas it
 * references, and resolves it to the reader schema, so records written with an older or newer
 * compatible schema read fine. Null in, null out. Thread-safe.
 *
 * <p>Bytes that are not such a record (wrong magic byte, too short, unknown schema id, a body that
 * does not decode) throw {@link WireFormatException}; a registry outage throws {@link
 * RegistryException}.
 */
public final class AvroDeserializer<T extends IndexedRecord> implements Deserializer<T> {
    private final SchemaLookup lookup;
    private final Schema readerSchema;
    private final GenericData model;
    private final Map<String, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /**
     * Returns a deserializer.
     *
     * @param readerSchema the schema records are resolved to; null reads each record with its
     *     writer schema (generic records)
     * @param model {@code SpecificData} of the record class, or {@code GenericData.get()}
     */
    public AvroDeserializer(SchemaLookup lookup, Schema readerSchema, GenericData model) {
        this.lookup = lookup;
        this.readerSchema = readerSchema;
        this.model = model;
    }

    /** Reads {@code data}, taking the schema id from the record header when the header has one. */
    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, WireFormat.withHeaderSchemaId(headers, data));
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        WireFormat.SchemaRef ref = WireFormat.read(data);
        String schema = ref.guid() == null ? "id " + ref.id() : "GUID " + ref.guid();
        DatumReader<T> reader = readerFor(ref, schema);
        int bodyLength = data.length - ref.bodyOffset();
        BinaryDecoder decoder =
                DecoderFactory.get().binaryDecoder(data, ref.bodyOffset(), bodyLength, null);
        T record;
        boolean atEnd;
        try {
            record = reader.read(null, decoder);
            atEnd = decoder.isEnd();
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(
                    "cannot decode the Avro body ("
                            + bodyLength
                            + " bytes) with writer schema "
                            + schema
                            + " on topic "
                            + topic
                            + ": "
                            + e,
                    e);
        }
        if (!atEnd) {
            throw new WireFormatException(
                    "record with schema " + schema + " on topic " + topic + " has trailing bytes");
        }
        return record;
    }

    /** Returns the reader for a record's writer schema; asks the registry once per schema. */
    private DatumReader<T> readerFor(WireFormat.SchemaRef ref, String schema) {
        DatumReader<T> reader = readers.get(schema);
        if (reader != null) {
            return reader;
        }
        Schema writerSchema;
        try {
            writerSchema =
                    ref.guid() == null
                            ? lookup.schemaById(ref.id())
                            : lookup.schemaByGuid(ref.guid());
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                throw new WireFormatException(
                        "unknown schema " + schema + ": " + e.getMessage(), e);
            }
            throw e;
        } catch (AvroRuntimeException e) {
            throw new WireFormatException(
                    "schema " + schema + " is unreadable: " + e.getMessage(), e);
        }
        reader = create(writerSchema);
        readers.put(schema, reader);
        return reader;
    }

    @SuppressWarnings("unchecked")
    private DatumReader<T> create(Schema writerSchema) {
        Schema reader = readerSchema == null ? writerSchema : readerSchema;
        return (DatumReader<T>) model.createDatumReader(writerSchema, reader);
    }
}
