package io.qualitymonitor.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Tokenizer of type {@code bytes}: bos, each UTF-8 byte + offset, eos, padded to the context
 * length. Needs no vocabulary file.
 */
final class ByteTokenizer implements Tokenizer {
    private final int contextLength;
    private final boolean lowercase;
    private final long padId;
    private final long bosId;
    private final long eosId;
    private final int offset;

    private ByteTokenizer(
            int contextLength, boolean lowercase, long pad, long bos, long eos, int offset) {
        this.contextLength = contextLength;
        this.lowercase = lowercase;
        this.padId = pad;
        this.bosId = bos;
        this.eosId = eos;
        this.offset = offset;
    }

    static ByteTokenizer parse(JsonNode root, JsonFields f) {
        return new ByteTokenizer(
                Tokenizer.contextLength(root, f),
                root.path("lowercase").asBoolean(false),
                (long) f.number(root, "pad_id"),
                (long) f.number(root, "bos_id"),
                (long) f.number(root, "eos_id"),
                (int) f.number(root, "offset"));
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public long[] encode(String text) {
        String t = lowercase ? text.toLowerCase(Locale.ROOT) : text;
        byte[] bytes = t.getBytes(StandardCharsets.UTF_8);
        long[] body = new long[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            body[i] = (bytes[i] & 0xff) + offset;
        }
        return Tokenizer.frame(body, body.length, contextLength, bosId, eosId, padId);
    }
}
