package io.qualitymonitor.serde;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads and writes the Confluent wire-format header: magic byte {@code 0}, then the schema id as a
 * 4-byte big-endian int, then the Avro binary body. Also reads the newer forms of Confluent's
 * serializers: magic byte {@code 1} followed by the schema's 16-byte GUID, and the schema id in the
 * {@value #VALUE_SCHEMA_ID_HEADER} record header with a body that has no prefix.
 */
public final class WireFormat {
    /** The magic byte of the schema-id form. */
    public static final byte MAGIC_BYTE = 0;

    /** The magic byte of the GUID form (Confluent's serializers since 8.0). */
    public static final byte MAGIC_BYTE_GUID = 1;

    /** Bytes before the Avro body in the schema-id form: magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    /** Bytes before the Avro body in the GUID form: magic byte plus GUID. */
    public static final int GUID_HEADER_SIZE = 17;

    /** The record header where Confluent's header serializer puts the value's schema id. */
    public static final String VALUE_SCHEMA_ID_HEADER = "__value_schema_id";

    private WireFormat() {}

    /**
     * Returns where a framed record's writer schema is found.
     *
     * @param id the schema id, or -1 in the GUID form
     * @param guid the schema GUID, or null in the schema-id form
     * @param bodyOffset where the Avro body starts
     */
    public record SchemaRef(int id, String guid, int bodyOffset) {}

    /** Writes the magic byte and {@code schemaId} (big-endian) to {@code out}. */
    public static void writeHeader(ByteArrayOutputStream out, int schemaId) {
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }

    /**
     * Returns the schema id of a framed record in the schema-id form.
     *
     * @throws WireFormatException when {@code data} is shorter than the header or the magic byte is
     *     not {@code 0}
     */
    public static int readSchemaId(byte[] data) {
        SchemaRef ref = read(data);
        if (ref.guid() != null) {
            throw new WireFormatException("record names its schema by GUID, not by id");
        }
        return ref.id();
    }

    /**
     * Returns the schema reference of a framed record, in either form.
     *
     * @throws WireFormatException when {@code data} is too short or its magic byte is unknown
     */
    public static SchemaRef read(byte[] data) {
        if (data.length >= 1 && data[0] == MAGIC_BYTE_GUID) {
            need(data, GUID_HEADER_SIZE);
            ByteBuffer b = ByteBuffer.wrap(data, 1, 16);
            return new SchemaRef(
                    -1, new UUID(b.getLong(), b.getLong()).toString(), GUID_HEADER_SIZE);
        }
        need(data, HEADER_SIZE);
        if (data[0] != MAGIC_BYTE) {
            throw new WireFormatException(
                    String.format(
                            "unknown magic byte 0x%02x (the Confluent wire format starts with 0x00"
                                    + " or 0x01)",
                            data[0] & 0xff));
        }
        int id =
                ((data[1] & 0xff) << 24)
                        | ((data[2] & 0xff) << 16)
                        | ((data[3] & 0xff) << 8)
                        | (data[4] & 0xff);
        return new SchemaRef(id, null, HEADER_SIZE);
    }

    /**
     * Returns {@code value} framed as when its schema id travels in front of it: the {@value
     * #VALUE_SCHEMA_ID_HEADER} header's bytes (magic byte and id, or magic byte and GUID, as
     * Confluent's header serializer writes them) followed by the value; {@code value} itself when
     * the header is absent. As Confluent's deserializer does, the header wins over a prefix.
     */
    public static byte[] withHeaderSchemaId(Headers headers, byte[] value) {
        Header header = headers == null ? null : headers.lastHeader(VALUE_SCHEMA_ID_HEADER);
        if (header == null || header.value() == null || value == null) {
            return value;
        }
        byte[] id = header.value();
        byte[] framed = new byte[id.length + value.length];
        System.arraycopy(id, 0, framed, 0, id.length);
        System.arraycopy(value, 0, framed, id.length, value.length);
        return framed;
    }

    private static void need(byte[] data, int size) {
        if (data.length < size) {
            throw new WireFormatException(
                    "record of "
                            + data.length
                            + " bytes is too short for the Confluent wire format (needs at least "
                            + size
                            + ")");
        }
    }
}
