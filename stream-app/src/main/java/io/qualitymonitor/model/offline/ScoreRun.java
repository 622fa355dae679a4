package io.qualitymonitor.model.offline;

import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.image.FileImageSource;
import io.qualitymonitor.image.ImageDecodeException;
import io.qualitymonitor.image.ImageDecoder;
import io.qualitymonitor.image.ImageSource;
import io.qualitymonitor.image.ImageSourceException;
import io.qualitymonitor.model.ModelException;
import io.qualitymonitor.model.ScoreResult;
import io.qualitymonitor.model.Scorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Scores a list of paths and URLs in batches: reads and decodes each batch (in parallel), scores
 * the images that decoded in one call, and returns one row per input, in input order. One input's
 * failure never fails another's.
 */
public final class ScoreRun {
    private final List<ImageSource> sources;
    private final ImageDecoder decoder;
    private final Scorer scorer;
    private final int batchSize;

    /** Returns a run that reads through {@code sources} (first that accepts a reference wins). */
    public ScoreRun(List<ImageSource> sources, ImageDecoder decoder, Scorer scorer, int batchSize) {
        this.sources = List.copyOf(sources);
        this.decoder = decoder;
        this.scorer = scorer;
        this.batchSize = batchSize;
    }

    /**
     * Returns the image references of {@code inputs}: folders expanded (recursive, sorted, image
     * extensions only), files and URLs as given.
     *
     * @throws UncheckedIOException naming the input when a file or folder does not exist or cannot
     *     be listed
     */
    public static List<String> expand(List<String> inputs) {
        List<String> out = new ArrayList<>();
        FileImageSource files = new FileImageSource();
        for (String in : inputs) {
            try {
                out.addAll(files.accepts(in) ? FileImageSource.expand(in) : List.of(in));
            } catch (NoSuchFileException e) {
                throw new UncheckedIOException("no such file or folder: " + in, e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + in + ": " + e.getMessage(), e);
            }
        }
        return out;
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

    /** Scores {@code references} batch by batch, handing each batch's rows to {@code action}. */
    private void forEachBatch(List<String> references, Consumer<List<ScoreRow>> action) {
        for (int from = 0; from < references.size(); from += batchSize) {
            action.accept(
                    runBatch(
                            references.subList(
                                    from, Math.min(references.size(), from + batchSize))));
        }
    }

    /**
     * Returns the results of image {@code files}, in order, for offline work where every file must
     * score (an evaluation or a fit over a silently shrunken set would mislead): the first file
     * that cannot be read, decoded or scored throws {@code failure} applied to one line naming it
     * ("cannot score FILE: REASON message"), as soon as its batch is done: the files after it are
     * not scored.
     */
    public static List<ScoreResult> scoreAll(
            ImageDecoder decoder,
            Scorer scorer,
            int batchSize,
            List<Path> files,
            IntConsumer progress,
            Function<String, ? extends RuntimeException> failure) {
        List<ScoreResult> out = new ArrayList<>(files.size());
        new ScoreRun(List.of(new FileImageSource()), decoder, scorer, Math.max(1, batchSize))
                .forEachBatch(
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

    private List<ScoreRow> runBatch(List<String> refs) {
        Object[] decoded = new Object[refs.size()];
        IntStream.range(0, refs.size()).parallel().forEach(i -> decoded[i] = decode(refs.get(i)));
        List<DecodedImage> images = new ArrayList<>();
        for (Object d : decoded) {
            if (d instanceof DecodedImage img) {
                images.add(img);
            }
        }
        List<ScoreResult> results;
        String modelError = null;
        try {
            results = scorer.score(images);
        } catch (ModelException e) {
            results = List.of();
            modelError = e.getMessage();
        }
        List<ScoreRow> rows = new ArrayList<>(refs.size());
        int next = 0;
        for (int i = 0; i < refs.size(); i++) {
            if (decoded[i] instanceof ScoreRow failed) {
                rows.add(failed);
            } else if (modelError != null) {
                rows.add(ScoreRow.failed(refs.get(i), "MODEL_ERROR", modelError));
            } else {
                rows.add(ScoreRow.ok(refs.get(i), results.get(next++)));
            }
        }
        return rows;
    }

    /** Returns the decoded image, or a failed row saying why. */
    private Object decode(String ref) {
        ImageSource source = sources.stream().filter(s -> s.accepts(ref)).findFirst().orElse(null);
        if (source == null) {
            return ScoreRow.failed(ref, "UNSUPPORTED_SCHEME", "no source reads " + ref);
        }
        try {
            return decoder.decode(source.read(ref, decoder.limits().maxBytes()));
        } catch (ImageSourceException e) {
            return ScoreRow.failed(ref, e.reason(), e.getMessage());
        } catch (ImageDecodeException e) {
            return ScoreRow.failed(ref, e.reason().name(), e.getMessage());
        }
    }
}
