package io.qualitymonitor.scoring;

import io.qualitymonitor.config.OneLine;
import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.model.ScoreResult;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.schemas.DeadLetterReason;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the model over the ready images of a batch at once and returns one {@link Outcome} per
 * prepared image, in order. When the batch fails, each image is retried alone, so one bad image
 * costs only itself a MODEL_ERROR, never the batch; an {@link OutOfMemoryError} is such a failure
 * too, so a batch too big for memory is scored image by image. Thread-safe as the {@link Scorer}
 * is.
 */
public final class BatchScorer {
    private static final Logger LOG = LoggerFactory.getLogger(BatchScorer.class);

    private final Supplier<Scorer> live;

    /** Returns a batch scorer over {@code scorer}, which its owner closes. */
    public BatchScorer(Scorer scorer) {
        this(() -> scorer);
    }

    /**
     * Returns a batch scorer over the model {@code live} gives when a batch starts: a model switch
     * takes effect between batches, and every outcome names the bundle that scored it.
     */
    public BatchScorer(Supplier<Scorer> live) {
        this.live = live;
    }

    /** Returns the model this batch scorer runs now. */
    public Scorer scorer() {
        return live.get();
    }

    /** Returns the outcome of each prepared image, in order. */
    public List<Outcome> score(List<? extends Prepared> prepared) {
        List<Prepared.Ready> ready = new ArrayList<>();
        for (Prepared p : prepared) {
            if (p instanceof Prepared.Ready r) {
                ready.add(r);
            }
        }
        List<Outcome> scored = scoreAll(live.get(), ready);
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

    private List<Outcome> scoreAll(Scorer scorer, List<Prepared.Ready> ready) {
        if (ready.isEmpty()) {
            return List.of();
        }
        try {
            List<ScoreResult> results = scorer.score(images(ready));
            List<Outcome> out = new ArrayList<>(ready.size());
            var m = scorer.bundle().manifest();
            for (int i = 0; i < ready.size(); i++) {
                out.add(new Outcome.Scored(ready.get(i), results.get(i), m.name(), m.version()));
            }
            return out;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError batchFailure) {
            // An Error here is one batch's (an image's tensors that did not fit): caught so that
            // each image gets its outcome, instead of the thread dying and redoing the same batch.
            if (ready.size() == 1) {
                return List.of(modelError(ready.get(0), batchFailure));
            }
            LOG.warn(
                    "batch of {} failed ({}); scoring one by one",
                    ready.size(),
                    OneLine.of(batchFailure));
            List<Outcome> out = new ArrayList<>(ready.size());
            for (Prepared.Ready r : ready) {
                out.addAll(scoreAll(scorer, List.of(r)));
            }
            return out;
        }
    }

    private static Outcome modelError(Prepared.Ready r, Throwable e) {
        return new Outcome.Failed(
                new Prepared.Failed(DeadLetterReason.MODEL_ERROR, OneLine.of(e), r.attempts()));
    }

    private static List<DecodedImage> images(List<Prepared.Ready> ready) {
        return ready.stream().map(Prepared.Ready::image).toList();
    }
}
