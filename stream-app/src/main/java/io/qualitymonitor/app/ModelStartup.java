package io.qualitymonitor.app;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.model.WarmUp;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns the live model's start: the bundle loaded, then warmed up on every batch shape, on a
 * thread of its own, so that the start-up checks and Kafka Streams' start (its rebalance and the
 * restore of its stores) run meanwhile. Once Kafka Streams may run, {@link #gate} holds the model
 * back from the stream threads until the warm-up has ended, so no live batch pays for a shape's
 * first pass. {@link #close()} stops a warm-up that still runs and releases the model.
 */
public final class ModelStartup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelStartup.class);

    // how long a close waits for a load or a warm-up batch to end
    private static final Duration CLOSE_WAIT = Duration.ofMinutes(1);

    private final CompletableFuture<Scorer> loaded = new CompletableFuture<>();
    private final CompletableFuture<WarmUp> warmed = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ModelStartup() {}

    /** Starts loading and then warming up {@code live}'s model on a thread of its own. */
    public static ModelStartup begin(AppConfig live) {
        ModelStartup m = new ModelStartup();
        Thread.ofPlatform().daemon().name("qm-model-start").start(() -> m.loadAndWarm(live));
        return m;
    }

    /** Returns {@code live}'s model loaded and warmed up on the caller's thread. */
    public static ModelStartup now(AppConfig live) {
        ModelStartup m = new ModelStartup();
        m.loadAndWarm(live);
        m.scorer(); // a failure to load is the caller's, at once
        try {
            m.warmUp();
        } catch (RuntimeException | Error e) {
            m.close();
            throw e;
        }
        return m;
    }

    private void loadAndWarm(AppConfig live) {
        LOG.info("loading model {}", live.model().dir());
        Scorer scorer;
        try {
            long start = System.nanoTime();
            scorer = Scorer.open(live.model());
            LOG.info("model loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException | Error e) {
            loaded.completeExceptionally(e);
            warmed.completeExceptionally(e);
            return;
        }
        loaded.complete(scorer);
        if (closed.get()) {
            warmed.completeExceptionally(new CancellationException("closed before the warm-up"));
            return;
        }
        try {
            WarmUp w = WarmUp.run(scorer, live.batch().maxSize(), closed::get);
            if (closed.get()) {
                warmed.completeExceptionally(new CancellationException("closed during warm-up"));
                return;
            }
            LOG.info(
                    "model warmed up in {} ms: batch sizes {}, shapes {}",
                    w.took().toMillis(),
                    w.batchSizes(),
                    w.shapes());
            warmed.complete(w);
        } catch (RuntimeException | Error e) {
            warmed.completeExceptionally(e);
        }
    }

    /**
     * Returns the loaded model once its bundle is loaded (its warm-up may still run); throws what
     * the load threw.
     */
    public Scorer scorer() {
        return unwrapped(loaded);
    }

    /** Returns what the warm-up ran, once it has ended; throws what it threw. */
    public WarmUp warmUp() {
        return unwrapped(warmed);
    }

    /** Returns the warm-up's future: done once it has ended, normally or not. */
    CompletableFuture<WarmUp> warmed() {
        return warmed;
    }

    /** Returns true once the load or the warm-up has failed. */
    public boolean warmUpFailed() {
        return warmed.isCompletedExceptionally() && !closed.get();
    }

    /** Returns true once the warm-up has ended normally. */
    public boolean isWarm() {
        return warmed.isDone() && !warmed.isCompletedExceptionally();
    }

    /**
     * Returns {@code model} behind a gate that opens when the warm-up ends: until {@link
     * WarmGate#hold()} a call returns at once (building the topology reads the model), after it
     * each call waits for the warm-up, and throws when the warm-up failed (the batch is then redone
     * by a replaced thread, never scored on a model that cannot score).
     */
    WarmGate gate(Supplier<Scorer> model) {
        return new WarmGate(model);
    }

    /** The model as the stream threads see it: held back until the warm-up has ended. */
    final class WarmGate implements Supplier<Scorer> {
        private final Supplier<Scorer> model;
        private volatile boolean held;

        private WarmGate(Supplier<Scorer> model) {
            this.model = model;
        }

        /** Makes every later call wait for the warm-up; call it before Kafka Streams starts. */
        void hold() {
            held = true;
        }

        @Override
        public Scorer get() {
            if (held && !warmed.isDone()) {
                try {
                    warmed.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the model warms up", e);
                } catch (ExecutionException e) {
                    // thrown below, as the warm-up threw it
                }
            }
            if (held) {
                warmUp();
            }
            return model.get();
        }
    }

    /**
     * Closes the model once its load has ended; a warm-up still running stops before its next batch
     * size. Waits at most a minute: a load still running then is left to the process exit, so that
     * no native call of the model outlives its close.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            warmed.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | CancellationException e) {
            // the load or warm-up failed: what loaded (if anything) is closed below
        } catch (TimeoutException e) {
            LOG.warn("the model is still loading; leaving it to the process exit");
            return;
        }
        loaded.thenAccept(Scorer::close);
    }

    private static <T> T unwrapped(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
