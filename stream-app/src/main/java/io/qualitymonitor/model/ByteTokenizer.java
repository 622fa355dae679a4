package io.qualitymonitor.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Returns token ids of texts for a bundle's text encoder, per its {@code tokenizer.json} of type
 * {@code bytes}: bos, each UTF-8 byte + offset, eos, padded to the context length
 * (docs/model-bundle.md; training/qm_training/bundle.py {@code tokenize} is the reference).
 */
public final class ByteTokenizer {
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

    /** Returns the tokenizer described by the parsed {@code tokenizer.json}. */
    static ByteTokenizer parse(JsonNode root, String file) {
        JsonFields f = new JsonFields(file);
        String type = f.text(root, "type");
        if (!type.equals("bytes")) {
            throw f.error(
                    "tokenizer type '" + type + "' is not supported (this runtime reads bytes)");
        }
        int ctx = f.positiveInt(root, "context_length");
        if (ctx < 2) {
            throw f.error("context_length must be at least 2");
        }
        return new ByteTokenizer(
                ctx,
                root.path("lowercase").asBoolean(false),
                (long) f.number(root, "pad_id"),
                (long) f.number(root, "bos_id"),
                (long) f.number(root, "eos_id"),
                (int) f.number(root, "offset"));
    }

    /** Returns the context length: ids per text. */
    public int contextLength() {
        return contextLength;
    }

    /** Returns the {@code contextLength} ids of {@code text}. */
    public long[] encode(String text) {
        String t = lowercase ? text.toLowerCase(Locale.ROOT) : text;
        byte[] bytes = t.getBytes(StandardCharsets.UTF_8);
        int body = Math.min(bytes.length, contextLength - 2);
        long[] ids = new long[contextLength];
        Arrays.fill(ids, padId);
        ids[0] = bosId;
        for (int i = 0; i < body; i++) {
            ids[i + 1] = (bytes[i] & 0xff) + offset;
        }
        ids[body + 1] = eosId;
        return ids;
    }
}
