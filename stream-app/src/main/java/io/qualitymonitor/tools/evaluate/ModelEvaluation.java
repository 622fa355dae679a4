package io.qualitymonitor.tools.evaluate;

import java.util.Map;

/**
 * One model's agreement with the labels, overall and per label group.
 *
 * @param model the model's name, e.g. {@code brisque}
 * @param lowerIsBetter whether the model's scores were negated before correlating
 * @param overall the summary on all images
 * @param groups the summary per group (e.g. distortion type), in group order; empty when the labels
 *     carry no group
 */
public record ModelEvaluation(
        String model,
        boolean lowerIsBetter,
        CorrelationSummary overall,
        Map<String, CorrelationSummary> groups) {

    /** Copies the group map. */
    public ModelEvaluation {
        groups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
    }
}
