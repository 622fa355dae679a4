package io.qualitymonitor.model;

import io.qualitymonitor.image.MultiScaleCrops;

/**
 * Returns the low-level branch of a bundle: its TorchScript file, input crops and feature size.
 *
 * @param file the TorchScript file name inside the bundle
 * @param input scales, crops and normalisation
 * @param featureDim features per scale from the encoder
 */
public record LowLevelSpec(String file, MultiScaleCrops input, int featureDim) {
    /** Returns the features per image: {@code featureDim * scales}. */
    public int outputDim() {
        return featureDim * input.scales().length;
    }
}
