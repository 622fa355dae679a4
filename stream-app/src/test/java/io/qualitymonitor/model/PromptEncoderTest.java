package io.qualitymonitor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptEncoderTest {

    @Test
    void shouldReproduceTheExportedPromptEmbeddingsFromTheTextEncoder() {
        // Given the test bundle, whose prompts.json was computed in Python by the same encoder
        ModelBundle bundle = ModelBundle.open(TestBundles.BOTH);
        PromptPair stored = bundle.prompts().attributes().get("sharpness");
        // When Java tokenizes and encodes the same prompts
        try (PromptEncoder encoder = PromptEncoder.open(bundle, 2)) {
            PromptPair encoded = encoder.pair("sharpness", stored.positive(), stored.negative());
            // Then the embeddings agree
            for (int i = 0; i < stored.positiveEmbedding().length; i++) {
                assertThat(encoded.positiveEmbedding()[i])
                        .isCloseTo(stored.positiveEmbedding()[i], within(1e-4f));
                assertThat(encoded.negativeEmbedding()[i])
                        .isCloseTo(stored.negativeEmbedding()[i], within(1e-4f));
            }
        }
    }

    @Test
    void shouldTokenizeBytesLikeThePythonReference() {
        // Python: tokenize(["Ab"], byte_tokenizer(6)) == [[1, 100, 101, 2, 0, 0]]
        var json =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .createObjectNode()
                        .put("type", "bytes")
                        .put("context_length", 6)
                        .put("lowercase", true)
                        .put("pad_id", 0)
                        .put("bos_id", 1)
                        .put("eos_id", 2)
                        .put("offset", 3);
        Tokenizer t = Tokenizer.parse(json, "tokenizer.json");
        assertThat(t.encode("Ab")).containsExactly(1, 'a' + 3, 'b' + 3, 2, 0, 0);
        assertThat(t.encode("a much longer text")).hasSize(6).endsWith(2);
    }

    @Test
    void shouldTokenizeWordsLikeThePythonReference() {
        // Python (qm_training.tokenizer.encode) with this vocabulary and context 8:
        // "A slightly Blurry, photo!" -> [1, 4, 5, 6, 7, 8, 3, 2]; "zebra photo" -> [1, 3, 8, 2,
        // 0...]
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var json =
                mapper.createObjectNode()
                        .put("type", "words")
                        .put("context_length", 8)
                        .put("lowercase", true)
                        .put("pad_id", 0)
                        .put("bos_id", 1)
                        .put("eos_id", 2)
                        .put("unk_id", 3)
                        .put("pattern", "[a-z0-9]+|[^\\sa-z0-9]");
        var vocab = json.putArray("vocab");
        List.of("<pad>", "<bos>", "<eos>", "<unk>", "a", "slightly", "blurry", ",", "photo")
                .forEach(vocab::add);
        Tokenizer t = Tokenizer.parse(json, "tokenizer.json");
        assertThat(t.encode("A slightly Blurry, photo!")).containsExactly(1, 4, 5, 6, 7, 8, 3, 2);
        assertThat(t.encode("zebra photo")).containsExactly(1, 3, 8, 2, 0, 0, 0, 0);
        assertThat(t.encode("a a a a a a a a a a")).containsExactly(1, 4, 4, 4, 4, 4, 4, 2);
        assertThat(t.unknownTokens("A zebra photo! A zebra.")).containsExactly("zebra", "!", ".");
        assertThat(t.unknownTokens("a slightly blurry photo")).isEmpty();
    }

    @Test
    void shouldNameTheFileWhenTheTokenizerTypeIsUnknown() {
        var json =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .createObjectNode()
                        .put("type", "sentencepiece")
                        .put("context_length", 8);
        assertThatThrownBy(() -> Tokenizer.parse(json, "tokenizer.json"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("tokenizer.json")
                .hasMessageContaining("sentencepiece");
    }

    @Test
    void shouldSayWhenTheBundleHasNoTextEncoder() {
        assertThatThrownBy(() -> PromptEncoder.open(ModelBundle.open(TestBundles.LOWLEVEL), 2))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("has no text encoder");
    }

    @Test
    void shouldScoreANewPromptPairBetweenZeroAndHundred() {
        ModelBundle bundle = ModelBundle.open(TestBundles.BOTH);
        try (PromptEncoder encoder = PromptEncoder.open(bundle, 2)) {
            PromptPair pair = encoder.pair("vivid", "a vivid photo.", "a washed-out photo.");
            List<float[]> img = encoder.encode(List.of("an image stand-in"));
            assertThat(pair.zeroShot(img.get(0), 100.0)).isBetween(0.0, 100.0);
        }
    }
}
