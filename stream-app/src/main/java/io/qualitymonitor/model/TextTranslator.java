package io.qualitymonitor.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates texts for the vision-language text encoder: token ids {@code [N, context]} in, one
 * L2-normalised embedding per text out.
 */
final class TextTranslator implements Translator<String, float[]> {
    private static final String COUNT = "count";
    private final Tokenizer tokenizer;
    private final int embedDim;

    TextTranslator(Tokenizer tokenizer, int embedDim) {
        this.tokenizer = tokenizer;
        this.embedDim = embedDim;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, String input) {
        return batchProcessInput(ctx, List.of(input));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        return batchProcessOutput(ctx, list).get(0);
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<String> texts) {
        int c = tokenizer.contextLength();
        long[] ids = new long[texts.size() * c];
        for (int i = 0; i < texts.size(); i++) {
            System.arraycopy(tokenizer.encode(texts.get(i)), 0, ids, i * c, c);
        }
        ctx.setAttachment(COUNT, texts.size());
        return new NDList(
                ctx.getNDManager().create(LongBuffer.wrap(ids), new Shape(texts.size(), c)));
    }

    @Override
    public List<float[]> batchProcessOutput(TranslatorContext ctx, NDList list) {
        int n = (Integer) ctx.getAttachment(COUNT);
        float[] rows = list.singletonOrThrow().toFloatArray();
        if (rows.length != n * embedDim) {
            throw new ModelException(
                    "text encoder returned "
                            + rows.length / Math.max(1, n)
                            + " values per text; bundle.json says embed_dim "
                            + embedDim);
        }
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] e = new float[embedDim];
            System.arraycopy(rows, i * embedDim, e, 0, embedDim);
            FeatureMath.l2Normalise(e, 0, embedDim);
            out.add(e);
        }
        return out;
    }
}
