package io.qualitymonitor.model;

import java.util.Map;

/**
 * Returns what a refitted copy of a bundle changes: its heads and what it says about itself.
 *
 * @param version the new version
 * @param description the new one-line description
 * @param trainedOn the new {@code trained_on} object (JSON-serialisable values)
 * @param metrics the new {@code metrics}
 * @param heads the new ridge heads by name
 * @param alphas the regularisation of each head, written beside it
 * @param output the head that gives the score
 */
public record BundleUpdate(
        String version,
        String description,
        Map<String, Object> trainedOn,
        Map<String, Double> metrics,
        Map<String, RidgeHead> heads,
        Map<String, Double> alphas,
        String output) {}
