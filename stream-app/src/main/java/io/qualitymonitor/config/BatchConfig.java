package io.qualitymonitor.config;

import java.time.Duration;

/** Returns the dynamic micro-batching settings: largest batch and longest wait for it to fill. */
public record BatchConfig(int maxSize, Duration maxDelay) {

    static BatchConfig from(RawConfig c) {
        return new BatchConfig(
                c.getPositiveInt("batch.max.size", 8), c.getMillis("batch.max.delay.ms", 50));
    }
}
