package io.qualitymonitor.model;

/**
 * Returns an antonym prompt pair with its L2-normalised text embeddings.
 *
 * @param name {@code quality} or an attribute name such as {@code sharpness}
 * @param positive e.g. "a good photo."
 * @param negative e.g. "a bad photo."
 */
public record PromptPair(
        String name,
        String positive,
        String negative,
        float[] positiveEmbedding,
        float[] negativeEmbedding) {

    /**
     * Returns the zero-shot score of an L2-normalised image embedding: {@code 100 * softmax(scale *
     * [cos(img,pos), cos(img,neg)])[0]}.
     */
    public double zeroShot(float[] image, double logitScale) {
        double pos = 0;
        double neg = 0;
        for (int i = 0; i < image.length; i++) {
            pos += image[i] * positiveEmbedding[i];
            neg += image[i] * negativeEmbedding[i];
        }
        // softmax of two logits = logistic of their difference; stable for large scales
        return 100.0 / (1.0 + Math.exp(-logitScale * (pos - neg)));
    }
}
