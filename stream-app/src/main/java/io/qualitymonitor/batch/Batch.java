package io.qualitymonitor.batch;

import java.util.List;

/**
 * Returns one batch of items in arrival order and what released it.
 *
 * @param items at least one item, at most {@code batch.max.size}, oldest first
 * @param trigger why the batch was released
 */
public record Batch<T>(List<T> items, Trigger trigger) {

    /** Copies the items; a batch is never empty. */
    public Batch {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a batch has at least one item");
        }
    }

    /** Returns the number of items. */
    public int size() {
        return items.size();
    }

    /** Says what released a batch. */
    public enum Trigger {
        /** It reached {@code batch.max.size}. */
        SIZE,
        /** Its oldest item waited {@code batch.max.delay.ms}. */
        DELAY,
        /** It was flushed on request (shutdown, commit, end of input). */
        DRAIN
    }
}
