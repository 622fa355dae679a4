package io.qualitymonitor.batch;

import io.micrometer.core.instrument.MeterRegistry;
import io.qualitymonitor.config.BatchConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a {@link BatchFunction} on dynamic micro-batches while callers keep preparing items, as DJL
 * Serving's batch aggregator does: one worker thread takes everything already queued (up to {@code
 * batch.max.size}), then waits only for what is left of the oldest item's {@code
 * batch.max.delay.ms} budget, then calls the function. Fetching and decoding on other threads thus
 * overlap with inference. Each item gets its own future; outputs keep submission order.
 *
 * <p>Items are expected to be valid (decoded and checked before submission), so a failure of the
 * function is a model failure and fails every item of that batch, and only that batch.
 */
public final class BatchPipeline<I, O> implements AutoCloseable {

    private final int maxSize;
    private final long maxDelayNanos;
    private final BatchFunction<I, O> function;
    private final BatchMetrics metrics;
    private final LinkedBlockingQueue<Item<I, O>> queue = new LinkedBlockingQueue<>();
    private final Semaphore capacity;
    private final ReentrantLock admission = new ReentrantLock();
    private final Thread worker;
    private boolean closed; // guarded by admission

    /** Creates the pipeline and starts its worker thread. */
    public BatchPipeline(BatchConfig config, BatchFunction<I, O> function, MeterRegistry registry) {
        this.maxSize = config.maxSize();
        this.maxDelayNanos = config.maxDelay().toNanos();
        this.function = function;
        this.metrics = new BatchMetrics(registry);
        this.capacity = new Semaphore(config.queueCapacity());
        this.worker = Thread.ofPlatform().name("qm-batch-worker").daemon(true).start(this::run);
    }

    /**
     * Queues {@code input} and returns the future of its output; blocks while {@code
     * batch.queue.capacity} items are already waiting. After {@link #close()} the future fails.
     */
    public CompletableFuture<O> submit(I input) {
        try {
            capacity.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        Item<I, O> item = new Item<>(input, System.nanoTime(), new CompletableFuture<>());
        admission.lock();
        try {
            if (closed) {
                capacity.release();
                return CompletableFuture.failedFuture(stopped());
            }
            queue.add(item);
        } finally {
            admission.unlock();
        }
        return item.output();
    }

    /** Stops accepting items, runs the ones already queued, and waits for the worker to finish. */
    @Override
    public void close() {
        admission.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(Item.endOfInput());
        } finally {
            admission.unlock();
        }
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            boolean more = true;
            while (more) {
                List<Item<I, O>> batch = new ArrayList<>(maxSize);
                more = collect(batch);
                if (!batch.isEmpty()) {
                    Batch.Trigger trigger =
                            !more
                                    ? Batch.Trigger.DRAIN
                                    : batch.size() == maxSize
                                            ? Batch.Trigger.SIZE
                                            : Batch.Trigger.DELAY;
                    execute(batch, trigger);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            failLeftovers();
        }
    }

    // Takes what is queued at once, then waits only the oldest item's remaining delay budget.
    // Returns false once the end-of-input marker was reached.
    private boolean collect(List<Item<I, O>> batch) throws InterruptedException {
        Item<I, O> first = queue.take();
        if (first.isEndOfInput()) {
            return false;
        }
        batch.add(first);
        long deadline = first.queuedNanos() + maxDelayNanos;
        while (batch.size() < maxSize) {
            Item<I, O> next = queue.poll();
            if (next == null) {
                long remaining = deadline - System.nanoTime();
                next = remaining > 0 ? queue.poll(remaining, TimeUnit.NANOSECONDS) : null;
                if (next == null) {
                    return true;
                }
            }
            if (next.isEndOfInput()) {
                return false;
            }
            batch.add(next);
        }
        return true;
    }

    private void execute(List<Item<I, O>> batch, Batch.Trigger trigger) {
        capacity.release(batch.size());
        long now = System.nanoTime();
        List<I> inputs = new ArrayList<>(batch.size());
        for (Item<I, O> item : batch) {
            inputs.add(item.input());
            metrics.recordWait(Duration.ofNanos(now - item.queuedNanos()));
        }
        metrics.recordBatch(trigger, batch.size());
        try {
            List<O> outputs = function.apply(inputs);
            if (outputs == null || outputs.size() != inputs.size()) {
                throw new IllegalStateException(
                        "batch function returned "
                                + (outputs == null ? "null" : outputs.size() + " outputs")
                                + " for "
                                + inputs.size()
                                + " inputs");
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).output().complete(outputs.get(i));
            }
        } catch (Exception e) {
            batch.forEach(item -> item.output().completeExceptionally(e));
        } finally {
            // No-op for completed futures; an Error escaping the function must not leave callers
            // waiting forever.
            batch.forEach(item -> item.output().completeExceptionally(stopped()));
        }
    }

    // Reached only when the worker stops abnormally or after end of input: nothing may hang.
    private void failLeftovers() {
        admission.lock();
        try {
            closed = true;
        } finally {
            admission.unlock();
        }
        List<Item<I, O>> left = new ArrayList<>();
        queue.drainTo(left);
        left.stream()
                .filter(i -> !i.isEndOfInput())
                .forEach(i -> i.output().completeExceptionally(stopped()));
    }

    private static IllegalStateException stopped() {
        return new IllegalStateException("batch pipeline is closed");
    }

    /** Returns one queued input, when it was queued, and the future of its output. */
    private record Item<I, O>(I input, long queuedNanos, CompletableFuture<O> output) {
        static <I, O> Item<I, O> endOfInput() {
            return new Item<>(null, 0, null);
        }

        boolean isEndOfInput() {
            return output == null;
        }
    }
}
