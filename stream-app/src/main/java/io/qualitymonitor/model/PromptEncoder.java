package io.qualitymonitor.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * Encodes new prompt pairs with a bundle's text encoder ({@code vl_text.pt} + {@code
 * tokenizer.json}), so that a user can score against prompts of their own without retraining.
 */
public final class PromptEncoder implements AutoCloseable {
    private final ZooModel<String, float[]> model;
    private final Predictor<String, float[]> predictor;
    private final Tokenizer tokenizer;

    private PromptEncoder(ZooModel<String, float[]> model, Tokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.predictor = model.newPredictor();
    }

    /** Returns an encoder over the bundle's text encoder; fails when the bundle has none. */
    public static PromptEncoder open(ModelBundle bundle, int threads) {
        PyTorchRuntime.start(threads, 1);
        return load(bundle);
    }

    /** Returns an encoder over the bundle's text encoder, on the engine already started. */
    static PromptEncoder load(ModelBundle bundle) {
        VisionLanguageSpec vl = bundle.manifest().visionLanguage();
        if (vl == null || vl.textFile() == null || vl.tokenizerFile() == null) {
            throw new ModelException("model " + bundle.manifest().name() + " has no text encoder");
        }
        Tokenizer tokenizer;
        try {
            tokenizer =
                    Tokenizer.parse(
                            new ObjectMapper().readTree(bundle.file(vl.tokenizerFile()).toFile()),
                            vl.tokenizerFile());
        } catch (IOException e) {
            throw new ModelException(
                    "cannot read " + vl.tokenizerFile() + ": " + e.getMessage(), e);
        }
        String file = vl.textFile();
        Criteria<String, float[]> criteria =
                Criteria.builder()
                        .setTypes(String.class, float[].class)
                        .optModelPath(bundle.dir())
                        .optModelName(file.substring(0, file.length() - ".pt".length()))
                        .optEngine("PyTorch")
                        .optDevice(Device.cpu())
                        .optOption("mapLocation", "true")
                        .optTranslator(new TextTranslator(tokenizer, vl.embedDim()))
                        .build();
        try {
            return new PromptEncoder(criteria.loadModel(), tokenizer);
        } catch (ModelNotFoundException | MalformedModelException | IOException e) {
            throw new ModelException("cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    /** Returns the L2-normalised embeddings of {@code texts}. */
    public List<float[]> encode(List<String> texts) {
        try {
            return predictor.batchPredict(texts);
        } catch (TranslateException e) {
            throw new ModelRuntimeException("text encoder failed: " + e.getMessage(), e);
        }
    }

    /** Returns the words of {@code text} outside the tokenizer's vocabulary (empty if none). */
    public List<String> unknownTokens(String text) {
        return tokenizer.unknownTokens(text);
    }

    /** Returns a prompt pair with embeddings from this encoder. */
    public PromptPair pair(String name, String positive, String negative) {
        List<float[]> e = encode(List.of(positive, negative));
        return new PromptPair(name, positive, negative, e.get(0), e.get(1));
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
