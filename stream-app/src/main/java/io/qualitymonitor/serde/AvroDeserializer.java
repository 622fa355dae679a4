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
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format Avro records: fetches the writer schema by the id in the header and
 * resolves it to the reader schema, so records written with an older or newer compatible schema
 * read fine. Null in, null out. Thread-safe.
 *
 * <p>Bytes that are not such a record (wrong magic byte, too short, unknown schema id, a body that
 * does not decode) throw {@link WireFormatException}; a registry outage throws {@link
 * RegistryException}.
 */
public final class AvroDeserializer<T extends IndexedRecord> implements Deserializer<T> {
    private final SchemaLookup lookup;
    private final Schema readerSchema;
    private final GenericData model;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

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

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = WireFormat.readSchemaId(data);
        DatumReader<T> reader = readerFor(id);
        int bodyLength = data.length - WireFormat.HEADER_SIZE;
        BinaryDecoder decoder =
                DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE, bodyLength, null);
        T record;
        boolean atEnd;
        try {
            record = reader.read(null, decoder);
            atEnd = decoder.isEnd();
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(
                    "cannot decode the Avro body ("
                            + bodyLength
                            + " bytes) with writer schema id "
                            + id
                            + " on topic "
                            + topic
                            + ": "
                            + e,
                    e);
        }
        if (!atEnd) {
            throw new WireFormatException(
                    "record with schema id " + id + " on topic " + topic + " has trailing bytes");
        }
        return record;
    }

    private DatumReader<T> readerFor(int id) {
        DatumReader<T> reader = readers.get(id);
        if (reader != null) {
            return reader;
        }
        Schema writerSchema;
        try {
            writerSchema = lookup.schemaById(id);
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                throw new WireFormatException("unknown schema id " + id + ": " + e.getMessage(), e);
            }
            throw e;
        } catch (AvroRuntimeException e) {
            throw new WireFormatException(
                    "schema id " + id + " is unreadable: " + e.getMessage(), e);
        }
        reader = create(writerSchema);
        readers.put(id, reader);
        return reader;
    }

    @SuppressWarnings("unchecked")
    private DatumReader<T> create(Schema writerSchema) {
        Schema reader = readerSchema == null ? writerSchema : readerSchema;
        return (DatumReader<T>) model.createDatumReader(writerSchema, reader);
    }
}
