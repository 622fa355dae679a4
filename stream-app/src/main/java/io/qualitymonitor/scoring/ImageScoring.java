package io.qualitymonitor.scoring;

import io.qualitymonitor.fetch.ImageReferences;
import io.qualitymonitor.model.ScoreResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Scores image references (paths, {@code file:} and {@code http(s)} URLs) in batches, the way the
 * stream does: each batch is fetched and decoded by the {@link ImagePreparer} (the next batch while
 * the model runs on this one) and scored by the {@link BatchScorer}, one image alone when its batch
 * fails. Returns one row per reference, in order; one reference's failure never fails another's.
 */
public final class ImageScoring {
    private final ImagePreparer preparer;
    private final BatchScorer scorer;
    private final int batchSize;

    /**
     * Returns a scoring that prepares with {@code preparer} and scores {@code batchSize} at once.
     */
    public ImageScoring(ImagePreparer preparer, BatchScorer scorer, int batchSize) {
        this.preparer = preparer;
        this.scorer = scorer;
        this.batchSize = Math.max(1, batchSize);
    }

    /** Returns one row per reference; {@code progress} receives the count done after each batch. */
    public List<ScoreRow> run(List<String> references, IntConsumer progress) {
        List<ScoreRow> rows = new ArrayList<>(references.size());
        forEachBatch(
                references,
                batch -> {
                    rows.addAll(batch);
                    progress.accept(rows.size());
                });
        return rows;
    }

    /**
     * Returns the results of image {@code files}, in order, for offline work where every image must
     * score (an evaluation or a fit over a silently shrunken set would mislead): the first image
     * that cannot be read, decoded or scored throws {@code failure} applied to one line naming it
     * ("cannot score REFERENCE: REASON message") as soon as its batch is done; the images after it
     * are not scored.
     */
    public List<ScoreResult> scoreAll(
            List<Path> files,
            IntConsumer progress,
            Function<String, ? extends RuntimeException> failure) {
        List<ScoreResult> out = new ArrayList<>(files.size());
        forEachBatch(
                files.stream().map(Path::toString).toList(),
                rows -> {
                    for (ScoreRow r : rows) {
                        if (!r.succeeded()) {
                            throw failure.apply(
                                    "cannot score "
                                            + r.reference()
                                            + ": "
                                            + r.failure()
                                            + " "
                                            + r.message());
                        }
                        out.add(r.result());
                    }
                    progress.accept(out.size());
                });
        return out;
    }

    /** Scores batch after batch, preparing the next while this one is scored. */
    private void forEachBatch(List<String> references, Consumer<List<ScoreRow>> action) {
        List<CompletableFuture<Prepared>> next = prepare(references, 0);
        for (int from = 0; from < references.size(); from += batchSize) {
            List<CompletableFuture<Prepared>> current = next;
            next = prepare(references, from + batchSize);
            try {
                List<Prepared> prepared = current.stream().map(CompletableFuture::join).toList();
                List<Outcome> outcomes = scorer.score(prepared);
                List<ScoreRow> rows = new ArrayList<>(outcomes.size());
                for (int i = 0; i < outcomes.size(); i++) {
                    rows.add(new ScoreRow(references.get(from + i), outcomes.get(i)));
                }
                action.accept(rows);
            } catch (RuntimeException e) {
                next.forEach(f -> f.cancel(true));
                throw e;
            }
        }
    }

    private List<CompletableFuture<Prepared>> prepare(List<String> references, int from) {
        List<CompletableFuture<Prepared>> out = new ArrayList<>();
        for (int i = from; i < Math.min(references.size(), from + batchSize); i++) {
            out.add(preparer.prepare(ImageReferences.toUri(references.get(i)), null));
        }
        return out;
    }
}
