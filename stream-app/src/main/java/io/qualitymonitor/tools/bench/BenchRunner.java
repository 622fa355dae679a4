package io.qualitymonitor.tools.bench;

import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.model.ModelException;
import io.qualitymonitor.scoring.BatchScorer;
import io.qualitymonitor.scoring.Outcome;
import io.qualitymonitor.scoring.Prepared;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the {@link BatchScorer} on decoded images: for each batch size, warm-up batches, then
 * batches cycling through the images until both a minimum count and a minimum time are reached.
 */
public final class BenchRunner {
    private final BatchScorer scorer;
    private final List<Prepared.Ready> images;
    private final int warmupBatches;
    private final int minBatches;
    private final long minNanos;

    /**
     * Returns a runner over {@code images}; each batch size runs {@code warmupBatches} unmeasured
     * batches, then at least {@code minBatches} batches and {@code minSeconds} seconds.
     */
    public BenchRunner(
            BatchScorer scorer,
            List<DecodedImage> images,
            int warmupBatches,
            int minBatches,
            double minSeconds) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("the benchmark needs at least one image");
        }
        this.scorer = scorer;
        this.images = images.stream().map(Prepared::of).toList();
        this.warmupBatches = warmupBatches;
        this.minBatches = minBatches;
        this.minNanos = (long) (minSeconds * 1e9);
    }

    /** Returns the result for one batch size. */
    public BenchResult run(int batchSize) {
        int next = 0;
        for (int i = 0; i < warmupBatches; i++) {
            score(batch(next, batchSize));
            next += batchSize;
        }
        List<Long> latencies = new ArrayList<>();
        long start = System.nanoTime();
        long elapsed = 0;
        while (latencies.size() < minBatches || elapsed < minNanos) {
            List<Prepared.Ready> batch = batch(next, batchSize);
            next += batchSize;
            long t = System.nanoTime();
            score(batch);
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

    // a benchmark over a failing model would measure nothing: the first failure stops it
    private void score(List<Prepared.Ready> batch) {
        for (Outcome o : scorer.score(batch)) {
            if (o instanceof Outcome.Failed f) {
                throw new ModelException(f.failure().message());
            }
        }
    }

    private List<Prepared.Ready> batch(int from, int size) {
        List<Prepared.Ready> out = new ArrayList<>(size);
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
