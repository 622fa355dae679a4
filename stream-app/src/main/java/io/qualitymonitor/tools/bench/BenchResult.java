package io.qualitymonitor.tools.bench;

/**
 * Returns the throughput of one runtime at one batch size.
 *
 * @param batchSize images per forward pass
 * @param imagesPerSecond images scored per second of wall time
 * @param p50Ms median batch latency
 * @param p99Ms 99th-percentile batch latency
 * @param batches batches measured
 */
public record BenchResult(
        int batchSize, double imagesPerSecond, double p50Ms, double p99Ms, int batches) {}
