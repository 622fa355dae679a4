package io.qualitymonitor.batch;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Accumulates items into batches for a caller that drives it from one thread, such as a Kafka
 * Streams processor: {@link #add} returns a batch as soon as {@code batch.max.size} items are
 * waiting; {@link #pollExpired} (called from a punctuator) returns the waiting items once the
 * oldest has waited {@code batch.max.delay.ms}; {@link #drain} returns whatever is left. Items come
 * out in the order they went in.
 *
 * <p>Items only live in memory here: a caller that must not lose them on a crash keeps them
 * un-acknowledged (for Kafka: not committed, or mirrored in a state store) until their batch has
 * been scored. Not thread-safe.
 */
public final class MicroBatcher<T> {

    private final int maxSize;
    private final Duration maxDelay;
    private final InstantSource clock;
    private final BatchListener listener;
    private final ArrayDeque<Waiting<T>> waiting = new ArrayDeque<>();

    /**
     * Creates an empty batcher.
     *
     * @param maxSize a batch is released as soon as it has this many items (at least 1)
     * @param maxDelay the oldest item waits at most this long for others (not negative)
     * @param clock when items arrive; tests pass a controllable one
     * @param listener receives each released batch's size and each item's wait
     */
    public MicroBatcher(
            int maxSize, Duration maxDelay, InstantSource clock, BatchListener listener) {
        if (maxSize <= 0 || maxDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "a batch holds at least one item and waits a non-negative time");
        }
        this.maxSize = maxSize;
        this.maxDelay = maxDelay;
        this.clock = clock;
        this.listener = listener;
    }

    /** Adds an item; returns the full batch when this item makes {@code batch.max.size}. */
    public Optional<Batch<T>> add(T item) {
        Instant now = clock.instant();
        waiting.addLast(new Waiting<>(Objects.requireNonNull(item, "item"), now));
        if (waiting.size() >= maxSize) {
            return Optional.of(release(Batch.Trigger.SIZE, now));
        }
        return Optional.empty();
    }

    /** Returns {@link #pollExpired(Instant)} at the clock's current instant. */
    public Optional<Batch<T>> pollExpired() {
        return pollExpired(clock.instant());
    }

    /**
     * Returns the waiting items when the oldest has waited at least {@code batch.max.delay.ms} by
     * {@code now}; otherwise empty.
     */
    public Optional<Batch<T>> pollExpired(Instant now) {
        Waiting<T> oldest = waiting.peekFirst();
        if (oldest == null || Duration.between(oldest.arrived(), now).compareTo(maxDelay) < 0) {
            return Optional.empty();
        }
        return Optional.of(release(Batch.Trigger.DELAY, now));
    }

    /** Returns every waiting item as one batch (at most {@code batch.max.size}), or empty. */
    public Optional<Batch<T>> drain() {
        return waiting.isEmpty()
                ? Optional.empty()
                : Optional.of(release(Batch.Trigger.DRAIN, clock.instant()));
    }

    /** Returns when the oldest waiting item's delay runs out, or empty when nothing waits. */
    public Optional<Instant> deadline() {
        Waiting<T> oldest = waiting.peekFirst();
        return oldest == null ? Optional.empty() : Optional.of(oldest.arrived().plus(maxDelay));
    }

    /** Returns every waiting item and forgets them, releasing no batch (nothing is recorded). */
    public List<T> clear() {
        List<T> items = waiting.stream().map(Waiting::item).toList();
        waiting.clear();
        return items;
    }

    /** Returns how many items are waiting. */
    public int size() {
        return waiting.size();
    }

    private Batch<T> release(Batch.Trigger trigger, Instant now) {
        int n = Math.min(maxSize, waiting.size());
        List<T> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Waiting<T> w = waiting.pollFirst();
            items.add(w.item());
            listener.waited(Duration.between(w.arrived(), now));
        }
        listener.released(trigger, n);
        return new Batch<>(items, trigger);
    }

    private record Waiting<T>(T item, Instant arrived) {}
}
