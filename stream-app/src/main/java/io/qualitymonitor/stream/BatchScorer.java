package io.qualitymonitor.stream;

import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.model.ScoreResult;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.schemas.DeadLetterReason;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the model over the ready images of a chunk in one batch and returns one {@link Outcome} per
 * prepared upload, in order. When the batch fails, each image is retried alone, so one bad image
 * costs only itself a MODEL_ERROR dead letter, never the batch.
 */
public final class BatchScorer {
    private static final Logger LOG = LoggerFactory.getLogger(BatchScorer.class);

    private final Scorer scorer;
    private final String modelName;
    private final String modelVersion;

    public BatchScorer(Scorer scorer) {
        this.scorer = scorer;
        this.modelName = scorer.bundle().manifest().name();
        this.modelVersion = scorer.bundle().manifest().version();
    }

    /** Returns the outcome of each prepared upload. */
    public List<Outcome> score(List<Prepared> prepared) {
        List<Prepared.Ready> ready = new ArrayList<>();
        for (Prepared p : prepared) {
            if (p instanceof Prepared.Ready r) {
                ready.add(r);
            }
        }
        List<Outcome> scored = scoreAll(ready);
        List<Outcome> out = new ArrayList<>(prepared.size());
        int next = 0;
        for (Prepared p : prepared) {
            out.add(
                    switch (p) {
                        case Prepared.Ready r -> scored.get(next++);
                        case Prepared.Failed f -> new Outcome.Failed(f);
                    });
        }
        return out;
    }

    private List<Outcome> scoreAll(List<Prepared.Ready> ready) {
        try {
            return toOutcomes(ready, scorer.score(images(ready)));
        } catch (RuntimeException batchFailure) {
            if (ready.size() == 1) {
                return List.of(modelError(ready.get(0), batchFailure));
            }
            LOG.warn(
                    "batch of {} failed ({}); scoring one by one",
                    ready.size(),
                    batchFailure.toString());
            List<Outcome> out = new ArrayList<>(ready.size());
            for (Prepared.Ready r : ready) {
                out.addAll(scoreAll(List.of(r)));
            }
            return out;
        }
    }

    private List<Outcome> toOutcomes(List<Prepared.Ready> ready, List<ScoreResult> results) {
        List<Outcome> out = new ArrayList<>(ready.size());
        for (int i = 0; i < ready.size(); i++) {
            ScoreResult s = results.get(i);
            out.add(
                    new Outcome.Scored(
                            ready.get(i),
                            new Outcome.ModelScore(
                                    s.score(),
                                    s.fields(),
                                    s.attributes(),
                                    s.features(),
                                    s.inferenceMs(),
                                    modelName,
                                    modelVersion)));
        }
        return out;
    }

    private static Outcome modelError(Prepared.Ready r, RuntimeException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new Outcome.Failed(
                new Prepared.Failed(r.upload(), DeadLetterReason.MODEL_ERROR, msg, r.attempts()));
    }

    private static List<DecodedImage> images(List<Prepared.Ready> ready) {
        return ready.stream().map(Prepared.Ready::image).toList();
    }
}
