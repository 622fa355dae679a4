package io.qualitymonitor.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Returns an input record waiting in the scoring buffer, exactly as read (raw key and value bytes)
 * plus where it came from. It lives in a changelogged state store until its outcome is forwarded,
 * so that under exactly-once the buffer commits atomically with the input offsets.
 *
 * @param enqueuedAtMs wall-clock time the record entered the buffer, for the batch delay
 */
public record PendingUpload(
        String topic,
        int partition,
        long offset,
        byte[] key,
        byte[] value,
        long timestampMs,
        long enqueuedAtMs) {

    /** Returns the store key: unique per input record within a task. */
    public String storeKey() {
        return topic + "/" + partition + "/" + offset;
    }

    /** Returns the record encoded for the state store (a versioned, length-prefixed layout). */
    public byte[] toBytes() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64 + length(key) + length(value));
        try (DataOutputStream out = new DataOutputStream(buf)) {
            out.writeByte(1);
            byte[] t = topic.getBytes(StandardCharsets.UTF_8);
            out.writeInt(t.length);
            out.write(t);
            out.writeInt(partition);
            out.writeLong(offset);
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
    public static PendingUpload fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readByte();
            if (version != 1) {
                throw new IllegalStateException("unknown pending-upload layout " + version);
            }
            byte[] t = new byte[in.readInt()];
            in.readFully(t);
            return new PendingUpload(
                    new String(t, StandardCharsets.UTF_8),
                    in.readInt(),
                    in.readLong(),
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
