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

    /**
     * Returns the negative prompt as a short label for explanations: without the article, the word
     * "photo" and the final full stop ("a blurry photo." gives "blurry", "a photo with washed-out
     * colours." gives "washed-out colours").
     */
    public String negativeLabel() {
        String t = negative.strip();
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        t = t.replaceFirst("^(?i)(a|an|the)\\s+", "");
        t = t.replaceFirst("^(?i)(photo|image|picture)\\s+(with|of)\\s+", "");
        t = t.replaceFirst("(?i)\\s+(photo|image|picture)$", "");
        return t.isBlank() ? negative.strip() : t;
    }
}
