package io.qualitymonitor.config;

import java.util.Locale;

/**
 * Returns the memory budget that fetched bodies, decoding and decoded images are admitted against
 * (docs/reliability.md, "Hostile images and memory").
 *
 * @param budgetBytes {@code memory.budget}: bytes the image path may hold at once; when the setting
 *     is empty, half the JVM's heap ceiling ({@code -Xmx}, or the container-aware default), at most
 *     {@link #DEFAULT_CEILING}
 * @param imagesInFlight decoded images that may wait for the model at once: three batches of {@code
 *     batch.max.size} per stream thread (the one scored, the one held, the one filling)
 */
public record MemoryConfig(long budgetBytes, int imagesInFlight) {
    /** Setting: the memory budget, in bytes (suffixes k, m, g allowed). */
    public static final String BUDGET = "memory.budget";

    /** The largest derived budget: 1 GiB. */
    public static final long DEFAULT_CEILING = 1L << 30;

    /** The smallest budget accepted: 64 MiB. */
    public static final long MINIMUM = 64L << 20;

    /** Checks the values. */
    public MemoryConfig {
        if (budgetBytes < MINIMUM) {
            throw new ConfigException(
                    "setting '" + BUDGET + "' must be at least 64m, got " + budgetBytes + " bytes");
        }
        if (imagesInFlight < 1) {
            throw new ConfigException("images in flight must be positive, got " + imagesInFlight);
        }
    }

    /** Returns the budget derived from a JVM heap ceiling: half of it, at most 1 GiB. */
    public static long derived(long maxHeapBytes) {
        return Math.max(MINIMUM, Math.min(DEFAULT_CEILING, maxHeapBytes / 2));
    }

    /**
     * Returns how many fetches may be in flight: as many bodies of {@code fetch.max.bytes} as a
     * quarter of the budget holds, at most {@code fetch.max.concurrency}, at least 1.
     */
    public int fetchSlots(FetchConfig fetch) {
        return (int)
                Math.max(1, Math.min(fetch.maxConcurrency(), budgetBytes / 4 / fetch.maxBytes()));
    }

    /** Returns the bytes of a size such as {@code 1073741824}, {@code 512m} or {@code 1g}. */
    static long parseSize(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        int shift =
                switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
                    case 'k' -> 10;
                    case 'm' -> 20;
                    case 'g' -> 30;
                    default -> 0;
                };
        String digits = shift == 0 ? v : v.substring(0, v.length() - 1);
        try {
            return Math.multiplyExact(Long.parseLong(digits.trim()), 1L << shift);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(
                    "setting '"
                            + key
                            + "' must be a size in bytes (e.g. 1g, 512m), got '"
                            + value
                            + "'");
        }
    }

    static MemoryConfig from(RawConfig c, BatchConfig batch, KafkaConfig kafka) {
        String v = c.getString(BUDGET, null);
        long budget =
                v == null || v.isBlank()
                        ? derived(Runtime.getRuntime().maxMemory())
                        : parseSize(BUDGET, v);
        return new MemoryConfig(budget, 3 * batch.maxSize() * kafka.streamThreads());
    }
}
