package io.qualitymonitor.config;

import java.time.Duration;

/**
 * Returns the dynamic micro-batching settings: largest batch and longest wait for it to fill.
 *
 * @param maxSize {@code batch.max.size}: a batch is sent as soon as it has this many items
 * @param maxDelay {@code batch.max.delay.ms}: the oldest item waits at most this long for others
 */
public record BatchConfig(int maxSize, Duration maxDelay) {

    /** Checks the values. */
    public BatchConfig {
        if (maxSize <= 0) {
            throw new ConfigException("setting 'batch.max.size' must be positive, got " + maxSize);
        }
        if (maxDelay == null || maxDelay.isNegative()) {
            throw new ConfigException("setting 'batch.max.delay.ms' must not be negative");
        }
    }

    static BatchConfig from(RawConfig c) {
        return new BatchConfig(
                c.getPositiveInt("batch.max.size"), c.getMillis("batch.max.delay.ms"));
    }
}
