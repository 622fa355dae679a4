package io.qualitymonitor.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Returns the ridge heads of a bundle ({@code regressor.json}) and which one gives the score.
 *
 * @param heads every head by name
 * @param output the name of the head that gives {@code score}
 */
public record Regressor(Map<String, RidgeHead> heads, String output) {

    /** Returns the heads read from {@code regressor.json}, checked against the branch sizes. */
    static Regressor parse(JsonNode root, String file, BundleManifest manifest) {
        JsonFields f = new JsonFields(file);
        Map<String, RidgeHead> heads = new LinkedHashMap<>();
        for (var e : f.node(root, "heads").properties()) {
            if (ScoreField.ofKey(e.getKey()).filter(s -> s != ScoreField.ZERO_SHOT).isEmpty()) {
                // Each head is published under its ScoreField; a head without one would be lost.
                throw f.error(
                        "head '"
                                + e.getKey()
                                + "' must be named combined, lowlevel or vision_language");
            }
            heads.put(e.getKey(), head(f, e.getKey(), e.getValue(), manifest));
        }
        String output = f.text(root, "output");
        if (!heads.containsKey(output)) {
            throw f.error("output head '" + output + "' is not among " + heads.keySet());
        }
        return new Regressor(Map.copyOf(heads), output);
    }

    private static RidgeHead head(JsonFields f, String name, JsonNode n, BundleManifest m) {
        List<String> features = new ArrayList<>();
        int width = 0;
        for (JsonNode b : f.node(n, "features")) {
            int dim = m.featureDim(b.asText());
            if (dim == 0) {
                throw f.error(
                        "head '" + name + "' reads branch '" + b.asText() + "' not in bundle");
            }
            features.add(b.asText());
            width += dim;
        }
        double[] mean = f.numbers(n, "mean");
        double[] std = f.numbers(n, "std");
        double[] weights = f.numbers(n, "weights");
        if (mean.length != width || std.length != width || weights.length != width) {
            throw f.error("head '" + name + "' needs " + width + " mean, std and weights values");
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw f.error("head '" + name + "' has a std that is not positive");
            }
        }
        return new RidgeHead(name, List.copyOf(features), mean, std, weights, f.number(n, "bias"));
    }

    /** Returns the head that gives the score. */
    public RidgeHead outputHead() {
        return heads.get(output);
    }

    /**
     * Returns the same heads sized for the branches of {@code manifest}, each giving its bias as a
     * constant score (zero weights) until it is fitted again; for a bundle whose low-level layout
     * changed ({@link ModelBundle#withLowLevelLayout}).
     */
    public Regressor unfitted(BundleManifest manifest) {
        Map<String, RidgeHead> out = new LinkedHashMap<>();
        heads.forEach(
                (name, h) -> {
                    int dim = h.features().stream().mapToInt(manifest::featureDim).sum();
                    double[] ones = new double[dim];
                    Arrays.fill(ones, 1.0);
                    out.put(
                            name,
                            new RidgeHead(
                                    name,
                                    h.features(),
                                    new double[dim],
                                    ones,
                                    new double[dim],
                                    h.bias()));
                });
        return new Regressor(out, output);
    }
}
