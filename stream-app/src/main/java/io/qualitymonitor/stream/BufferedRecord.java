package io.qualitymonitor.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Returns an input record as the scoring buffer keeps it, exactly as read (raw key and value bytes)
 * plus where it came from. It is written to a changelogged state store when it arrives and deleted
 * when its outcome is forwarded, so that under exactly-once the buffer commits atomically with the
 * input offsets; the store is read back only to recover after a crash or a rebalance.
 *
 * @param enqueuedAtMs wall-clock time the record entered the buffer, for the batch delay
 */
public record BufferedRecord(
        RecordId id, byte[] key, byte[] value, long timestampMs, long enqueuedAtMs) {

    /** Returns the record encoded for the state store (a versioned, length-prefixed layout). */
    public byte[] toBytes() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64 + length(key) + length(value));
        try (DataOutputStream out = new DataOutputStream(buf)) {
            out.writeByte(1);
            byte[] t = id.topic().getBytes(StandardCharsets.UTF_8);
            out.writeInt(t.length);
            out.write(t);
            out.writeInt(id.partition());
            out.writeLong(id.offset());
            writeNullable(out, key);
            writeNullable(out, value);
            out.writeLong(timestampMs);
            out.writeLong(enqueuedAtMs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    /** Returns the record decoded from {@link #toBytes()}. */
    public static BufferedRecord fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readByte();
            if (version != 1) {
                throw new IllegalStateException("unknown buffered-record layout " + version);
            }
            byte[] t = new byte[in.readInt()];
            in.readFully(t);
            return new BufferedRecord(
                    new RecordId(
                            new String(t, StandardCharsets.UTF_8), in.readInt(), in.readLong()),
                    readNullable(in),
                    readNullable(in),
                    in.readLong(),
                    in.readLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static void writeNullable(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    private static byte[] readNullable(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
