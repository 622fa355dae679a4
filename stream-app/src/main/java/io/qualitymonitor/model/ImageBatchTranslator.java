package io.qualitymonitor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.image.TensorInput;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Returns a translator that writes a whole batch of images into one float tensor (one native copy)
 * of {@code [N * views, 3, side, side]} and turns the encoder's output rows back into one feature
 * vector per image.
 */
abstract class ImageBatchTranslator implements Translator<DecodedImage, float[]> {
    private static final String COUNT = "count";
    private final TensorInput input;

    /** Returns a translator that writes each image as {@code input} says. */
    ImageBatchTranslator(TensorInput input) {
        this.input = input;
    }

    /** Returns the input tensor's shape for {@code n} images. */
    final Shape shape(int n) {
        return new Shape((long) n * input.viewsPerImage(), 3, input.side(), input.side());
    }

    /** Returns one feature vector per image from the output rows of {@code n} images' views. */
    abstract List<float[]> features(float[] rows, int n);

    @Override
    public NDList processInput(TranslatorContext ctx, DecodedImage input) {
        return batchProcessInput(ctx, List.of(input));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        return batchProcessOutput(ctx, list).get(0);
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<DecodedImage> inputs) {
        int per = input.floatsPerImage();
        float[] data = new float[per * inputs.size()];
        // Images are independent: prepare them on the common pool while torch is idle.
        IntStream.range(0, inputs.size())
                .parallel()
                .forEach(i -> input.write(inputs.get(i).rgb(), data, i * per));
        ctx.setAttachment(COUNT, inputs.size());
        NDArray array = ctx.getNDManager().create(FloatBuffer.wrap(data), shape(inputs.size()));
        return new NDList(array);
    }

    @Override
    public List<float[]> batchProcessOutput(TranslatorContext ctx, NDList list) {
        int n = (Integer) ctx.getAttachment(COUNT);
        return features(list.singletonOrThrow().toFloatArray(), n);
    }
}
