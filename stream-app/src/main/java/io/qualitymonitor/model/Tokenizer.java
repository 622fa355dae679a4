package io.qualitymonitor.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Maps a text to the fixed-length token ids that a bundle's text encoder reads, per its {@code
 * tokenizer.json} (docs/model-bundle.md). {@code training/qm_training/tokenizer.py} {@code encode}
 * is the reference for every type.
 */
public sealed interface Tokenizer permits ByteTokenizer, WordTokenizer {

    /** Returns the context length: ids per text. */
    int contextLength();

    /** Returns the {@link #contextLength()} ids of {@code text}. */
    long[] encode(String text);

    /**
     * Returns the tokens of {@code text} that the vocabulary lacks (they all map to one unknown id,
     * so the encoder cannot tell them apart); empty for vocabulary-free tokenizers.
     */
    default List<String> unknownTokens(String text) {
        return List.of();
    }

    /**
     * Returns the tokenizer described by the parsed {@code tokenizer.json}; a one-line {@link
     * ModelException} naming {@code file} when its type is unknown or a field is wrong.
     */
    static Tokenizer parse(JsonNode root, String file) {
        JsonFields f = new JsonFields(file);
        String type = f.text(root, "type");
        return switch (type) {
            case "bytes" -> ByteTokenizer.parse(root, f);
            case "words" -> WordTokenizer.parse(root, f);
            default ->
                    throw f.error(
                            "tokenizer type '"
                                    + type
                                    + "' is not supported by this runtime (it reads bytes and"
                                    + " words); the bundle's precomputed prompts still work");
        };
    }

    /** Returns bos, {@code body} cut to fit, eos, padded with {@code pad} to {@code context}. */
    static long[] frame(long[] body, int bodyLength, int context, long bos, long eos, long pad) {
        int n = Math.min(bodyLength, context - 2);
        long[] ids = new long[context];
        java.util.Arrays.fill(ids, pad);
        ids[0] = bos;
        System.arraycopy(body, 0, ids, 1, n);
        ids[n + 1] = eos;
        return ids;
    }

    /** Returns the context length of {@code root}, at least room for bos, a token and eos. */
    static int contextLength(JsonNode root, JsonFields f) {
        int ctx = f.positiveInt(root, "context_length");
        if (ctx < 3) {
            throw f.error("context_length must be at least 3");
        }
        return ctx;
    }
}
