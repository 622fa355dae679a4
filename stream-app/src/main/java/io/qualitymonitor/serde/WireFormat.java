package io.qualitymonitor.serde;

import java.io.ByteArrayOutputStream;

/**
 * Reads and writes the Confluent wire-format header: magic byte {@code 0}, then the schema id as a
 * 4-byte big-endian int, then the Avro binary body.
 */
public final class WireFormat {
    /** The only magic byte Confluent's format defines. */
    public static final byte MAGIC_BYTE = 0;

    /** Bytes before the Avro body: magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /** Writes the magic byte and {@code schemaId} (big-endian) to {@code out}. */
    public static void writeHeader(ByteArrayOutputStream out, int schemaId) {
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }

    /**
     * Returns the schema id of a framed record.
     *
     * @throws WireFormatException when {@code data} is shorter than the header or the magic byte is
     *     not {@code 0}
     */
    public static int readSchemaId(byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new WireFormatException(
                    "record of "
                            + data.length
                            + " bytes is too short for the Confluent wire format (needs at least "
                            + HEADER_SIZE
                            + ")");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new WireFormatException(
                    String.format(
                            "unknown magic byte 0x%02x (the Confluent wire format starts with 0x00)",
                            data[0] & 0xff));
        }
        return ((data[1] & 0xff) << 24)
                | ((data[2] & 0xff) << 16)
                | ((data[3] & 0xff) << 8)
                | (data[4] & 0xff);
    }
}
