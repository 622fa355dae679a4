package io.qualitymonitor.model;

import io.qualitymonitor.image.TensorInput;

/**
 * Returns the vision-language branch of a bundle: image encoder file, input, embedding size, the
 * temperature of the zero-shot softmax, and the optional text encoder with its tokenizer.
 *
 * @param imageFile TorchScript image encoder
 * @param textFile TorchScript text encoder, or null
 * @param tokenizerFile tokenizer.json, or null
 * @param promptsFile prompts.json
 * @param input views and normalisation: a {@code CentreCrop}, or {@code MultiScaleCrops} whose
 *     views' embeddings are averaged; null when the image side reads {@code featuresOf}
 * @param featuresOf the branch whose pooled features the image side projects (bundle input {@code
 *     "features": "lowlevel"}: a LiT-style projection on the locked low-level encoder), or null
 *     when it reads pixels
 * @param embedDim embedding size
 * @param logitScale multiplier of cosine similarities before the softmax
 */
public record VisionLanguageSpec(
        String imageFile,
        String textFile,
        String tokenizerFile,
        String promptsFile,
        TensorInput input,
        String featuresOf,
        int embedDim,
        double logitScale) {

    /** Returns what the image side reads, in words. */
    public String describeInput() {
        return featuresOf != null
                ? "projects the " + featuresOf + " branch's features"
                : input.describe();
    }
}
