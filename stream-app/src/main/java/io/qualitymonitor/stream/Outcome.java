package io.qualitymonitor.stream;

import io.qualitymonitor.model.ScoreField;
import java.util.Map;

/** Returns what became of one upload: a model score, or a failure bound for the dead letters. */
public sealed interface Outcome permits Outcome.Scored, Outcome.Failed {

    /** The model scored the image. */
    record Scored(Prepared.Ready ready, ModelScore score) implements Outcome {}

    /** The upload could not be scored. */
    record Failed(Prepared.Failed failure) implements Outcome {}

    /**
     * Returns the model's verdict on one image, in the stream's terms.
     *
     * @param fields the head and zero-shot scores the model makes (absent: it does not make it)
     * @param features the feature vector drift monitoring compares (may be empty)
     * @param inferenceMs this image's share of its batch's model time
     */
    record ModelScore(
            double score,
            Map<ScoreField, Double> fields,
            Map<String, Double> attributes,
            float[] features,
            double inferenceMs,
            String modelName,
            String modelVersion) {}
}
