package io.qualitymonitor.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Tokenizer of type {@code words}: a closed vocabulary (the id of a token is its index in {@code
 * vocab}); the tokens of the lower-cased text are what {@code pattern} finds, a token outside the
 * vocabulary maps to {@code unk_id}. Framed like {@link ByteTokenizer}.
 */
final class WordTokenizer implements Tokenizer {
    private final int contextLength;
    private final boolean lowercase;
    private final Pattern pattern;
    private final Map<String, Long> ids;
    private final long padId;
    private final long bosId;
    private final long eosId;
    private final long unkId;

    private WordTokenizer(
            int contextLength,
            boolean lowercase,
            Pattern pattern,
            Map<String, Long> ids,
            long[] specials) {
        this.contextLength = contextLength;
        this.lowercase = lowercase;
        this.pattern = pattern;
        this.ids = ids;
        this.padId = specials[0];
        this.bosId = specials[1];
        this.eosId = specials[2];
        this.unkId = specials[3];
    }

    static WordTokenizer parse(JsonNode root, JsonFields f) {
        Pattern pattern;
        try {
            // Python's str patterns treat \s and friends as Unicode classes
            pattern = Pattern.compile(f.text(root, "pattern"), Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException e) {
            throw f.error("pattern is not a valid regular expression: " + e.getDescription());
        }
        JsonNode vocab = f.node(root, "vocab");
        if (!vocab.isArray() || vocab.isEmpty()) {
            throw f.error("vocab must be a non-empty list of tokens");
        }
        Map<String, Long> ids = new HashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            ids.putIfAbsent(vocab.get(i).asText(), (long) i);
        }
        long[] specials = new long[4];
        String[] names = {"pad_id", "bos_id", "eos_id", "unk_id"};
        for (int i = 0; i < names.length; i++) {
            specials[i] = (long) f.number(root, names[i]);
            if (specials[i] < 0 || specials[i] >= vocab.size()) {
                throw f.error(names[i] + " must index vocab (" + vocab.size() + " tokens)");
            }
        }
        return new WordTokenizer(
                Tokenizer.contextLength(root, f),
                root.path("lowercase").asBoolean(true),
                pattern,
                Map.copyOf(ids),
                specials);
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public List<String> unknownTokens(String text) {
        return tokens(text).stream().filter(w -> !ids.containsKey(w)).distinct().toList();
    }

    @Override
    public long[] encode(String text) {
        List<String> tokens = tokens(text);
        int n = Math.min(tokens.size(), contextLength - 2);
        long[] body = new long[n];
        for (int i = 0; i < n; i++) {
            body[i] = ids.getOrDefault(tokens.get(i), unkId);
        }
        return Tokenizer.frame(body, n, contextLength, bosId, eosId, padId);
    }

    /** Returns the tokens that {@code pattern} finds in the (lower-cased) text. */
    private List<String> tokens(String text) {
        String t = lowercase ? text.toLowerCase(Locale.ROOT) : text;
        List<String> out = new ArrayList<>();
        Matcher m = pattern.matcher(t);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
