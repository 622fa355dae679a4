package io.qualitymonitor.config;

import java.time.Duration;

/**
 * Returns the dynamic micro-batching settings: largest batch, longest wait for it to fill, and how
 * many items may wait for the model before submitters are held back.
 *
 * @param maxSize {@code batch.max.size}: a batch is sent as soon as it has this many items
 * @param maxDelay {@code batch.max.delay.ms}: the oldest item waits at most this long for others
 * @param queueCapacity {@code batch.queue.capacity}: items queued ahead of the model, at most
 */
public record BatchConfig(int maxSize, Duration maxDelay, int queueCapacity) {

    /** Checks the values; a capacity below {@code maxSize} could never fill a batch. */
    public BatchConfig {
        if (maxSize <= 0) {
            throw new ConfigException("setting 'batch.max.size' must be positive, got " + maxSize);
        }
        if (maxDelay == null || maxDelay.isNegative()) {
            throw new ConfigException("setting 'batch.max.delay.ms' must not be negative");
        }
        if (queueCapacity < maxSize) {
            throw new ConfigException(
                    "setting 'batch.queue.capacity' ("
                            + queueCapacity
                            + ") must be at least batch.max.size ("
                            + maxSize
                            + ")");
        }
    }

    /** Returns settings with a queue four batches deep. */
    public BatchConfig(int maxSize, Duration maxDelay) {
        this(maxSize, maxDelay, 4 * Math.max(1, maxSize));
    }

    static BatchConfig from(RawConfig c) {
        int maxSize = c.getPositiveInt("batch.max.size", 8);
        return new BatchConfig(
                maxSize,
                c.getMillis("batch.max.delay.ms", 100),
                c.getPositiveInt("batch.queue.capacity", 4 * maxSize));
    }
}
