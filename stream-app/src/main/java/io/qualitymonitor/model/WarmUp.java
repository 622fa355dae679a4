package io.qualitymonitor.model;

import io.qualitymonitor.image.DecodedImage;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Returns what a model's warm-up ran: the batch sizes it scored, the forward-pass shapes they
 * covered and how long it took. The first forward pass of each input shape is slow (TorchScript
 * profiles and specialises per shape; on a GPU the kernels are chosen then), so an instance runs
 * every shape it will use once before it reports ready.
 *
 * @param batchSizes the numbers of images run together, ascending
 * @param shapes each encoder's input rows per pass ({@code file rows N}), and the projector's
 * @param took the time the warm-up took
 */
public record WarmUp(List<Integer> batchSizes, List<String> shapes, Duration took) {

    /** Side of the synthetic images the warm-up scores: larger than every crop of a bundle. */
    static final int IMAGE_SIDE = 512;

    /**
     * Runs {@code scorer}'s encoders once on every forward-pass shape that batches of 1 to {@code
     * maxBatch} images use (each encoder only at the sizes where it meets a new shape), and returns
     * what ran.
     */
    public static WarmUp run(Scorer scorer, int maxBatch) {
        return run(scorer, maxBatch, () -> false);
    }

    /**
     * Runs {@code scorer} as {@link #run(Scorer, int)} does, but stops before the next batch size
     * once {@code stop} is true (the model is being closed); returns what ran.
     */
    public static WarmUp run(Scorer scorer, int maxBatch, BooleanSupplier stop) {
        long start = System.nanoTime();
        Map<String, Integer> views = scorer.encoderViews();
        List<Integer> sizes = coveringSizes(maxBatch, views, scorer.passMaxViews());
        Set<String> shapes = new LinkedHashSet<>();
        for (int n : sizes) {
            if (stop.getAsBoolean()) {
                break;
            }
            // only the encoders that meet a new shape at this size run: the others' passes
            // would repeat shapes already warm (e.g. the low-level encoder's passes of 16 rows)
            Set<String> fresh = new LinkedHashSet<>();
            views.forEach(
                    (file, v) ->
                            passRows(n, v, scorer.passMaxViews())
                                    .forEach(
                                            rows -> {
                                                if (shapes.add(shape(file, rows))) {
                                                    fresh.add(file);
                                                }
                                            }));
            scorer.warmEncoders(images(n), fresh);
        }
        // the projector reads one row per image: every batch size is a shape of its own
        String projector = stop.getAsBoolean() ? null : scorer.warmProjector(maxBatch);
        for (int n = 1; projector != null && n <= maxBatch; n++) {
            shapes.add(shape(projector, n));
        }
        return new WarmUp(
                List.copyOf(sizes),
                List.copyOf(shapes),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Returns the input rows of each forward pass over {@code n} images of {@code viewsPerImage}
     * views, in passes of at most {@code passMaxViews} rows (0: all in one pass).
     */
    static Set<Integer> passRows(int n, int viewsPerImage, int passMaxViews) {
        int total = n * viewsPerImage;
        if (passMaxViews <= 0 || total <= passMaxViews) {
            return Set.of(total);
        }
        int rest = total % passMaxViews;
        return rest == 0 ? Set.of(passMaxViews) : Set.of(passMaxViews, rest);
    }

    /**
     * Returns the smallest batch sizes, ascending, whose forward passes cover every pass shape that
     * batches of 1 to {@code maxBatch} images give: a size is taken when one of the encoders
     * ({@code viewsPerImage} maps an encoder's file to its views per image) meets a new shape in
     * it.
     */
    static List<Integer> coveringSizes(
            int maxBatch, Map<String, Integer> viewsPerImage, int passMaxViews) {
        Set<String> seen = new LinkedHashSet<>();
        List<Integer> sizes = new ArrayList<>();
        for (int n = 1; n <= maxBatch; n++) {
            boolean fresh = false;
            for (Map.Entry<String, Integer> e : viewsPerImage.entrySet()) {
                for (int rows : passRows(n, e.getValue(), passMaxViews)) {
                    fresh |= seen.add(shape(e.getKey(), rows));
                }
            }
            if (fresh) {
                sizes.add(n);
            }
        }
        return sizes;
    }

    /** Returns the name of a pass shape: an encoder's file and its input rows. */
    static String shape(String file, int rows) {
        return file + " rows " + rows;
    }

    /** Returns {@code n} copies of a synthetic textured image (content does not matter here). */
    static List<DecodedImage> images(int n) {
        BufferedImage img = new BufferedImage(IMAGE_SIDE, IMAGE_SIDE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < IMAGE_SIDE; y++) {
            for (int x = 0; x < IMAGE_SIDE; x++) {
                int v = (x * 7 + y * 13 + ((x * y) >> 5)) & 0xff;
                img.setRGB(x, y, (v << 16) | ((255 - v) << 8) | ((v * 3) & 0xff));
            }
        }
        DecodedImage one = new DecodedImage(img, "warm-up", 0);
        return Collections.nCopies(n, one);
    }
}
