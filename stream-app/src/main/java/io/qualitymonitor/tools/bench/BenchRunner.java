package io.qualitymonitor.tools.bench;

import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.model.Scorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the {@link Scorer} on decoded images: for each batch size, warm-up batches, then batches
 * cycling through the images until both a minimum count and a minimum time are reached.
 */
public final class BenchRunner {
    private final Scorer scorer;
    private final List<DecodedImage> images;
    private final int warmupBatches;
    private final int minBatches;
    private final long minNanos;

    /**
     * Returns a runner over {@code images}; each batch size runs {@code warmupBatches} unmeasured
     * batches, then at least {@code minBatches} batches and {@code minSeconds} seconds.
     */
    public BenchRunner(
            Scorer scorer,
            List<DecodedImage> images,
            int warmupBatches,
            int minBatches,
            double minSeconds) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("the benchmark needs at least one image");
        }
        this.scorer = scorer;
        this.images = List.copyOf(images);
        this.warmupBatches = warmupBatches;
        this.minBatches = minBatches;
        this.minNanos = (long) (minSeconds * 1e9);
    }

    /** Returns the result for one batch size. */
    public BenchResult run(int batchSize) {
        int next = 0;
        for (int i = 0; i < warmupBatches; i++) {
            scorer.score(batch(next, batchSize));
            next += batchSize;
        }
        List<Long> latencies = new ArrayList<>();
        long start = System.nanoTime();
        long elapsed = 0;
        while (latencies.size() < minBatches || elapsed < minNanos) {
            List<DecodedImage> batch = batch(next, batchSize);
            next += batchSize;
            long t = System.nanoTime();
            scorer.score(batch);
            latencies.add(System.nanoTime() - t);
            elapsed = System.nanoTime() - start;
        }
        double ips = latencies.size() * (double) batchSize / (elapsed / 1e9);
        return new BenchResult(
                batchSize,
                ips,
                percentile(latencies, 50),
                percentile(latencies, 99),
                latencies.size());
    }

    private List<DecodedImage> batch(int from, int size) {
        List<DecodedImage> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(images.get((from + i) % images.size()));
        }
        return out;
    }

    /** Returns the {@code p}-th percentile (nearest rank) of nanosecond values, in milliseconds. */
    static double percentile(List<Long> nanos, double p) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
