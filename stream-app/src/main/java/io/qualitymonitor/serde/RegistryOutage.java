package io.qualitymonitor.serde;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns whether the Schema Registry is available to the stream, and lets a read wait through an
 * outage: the call is tried again every {@code registry.outage.retry.interval.ms} until the
 * registry answers, with one log line per interval (WARN for an outage, ERROR for refused
 * credentials or TLS trust, which the settings must fix) and no stack trace. Readiness reads {@link
 * #isAvailable()}. Thread-safe; one per application.
 */
public final class RegistryOutage {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryOutage.class);

    private final Duration interval;
    private final BooleanSupplier probe;
    private final AtomicReference<RegistryException> failure = new AtomicReference<>();
    private final AtomicLong lastProbeNanos = new AtomicLong();
    private final AtomicLong downSinceNanos = new AtomicLong();
    private final AtomicLong lastLogNanos = new AtomicLong();

    /**
     * Returns a tracker that retries waiting reads every {@code interval}; during an outage, {@link
     * #isAvailable()} asks {@code probe} (true when the registry answers) at most once an interval.
     */
    public RegistryOutage(Duration interval, BooleanSupplier probe) {
        this.interval = interval;
        this.probe = probe;
    }

    /**
     * Returns false while reads wait on the registry (unreachable, or refusing the app); during an
     * outage it probes the registry at most once an interval, so readiness comes back even when no
     * read is waiting any more.
     */
    public boolean isAvailable() {
        if (failure.get() == null) {
            return true;
        }
        long now = System.nanoTime();
        long last = lastProbeNanos.get();
        if (now - last >= interval.toNanos()
                && lastProbeNanos.compareAndSet(last, now)
                && probe.getAsBoolean()) {
            answered();
        }
        return failure.get() == null;
    }

    /**
     * Returns true while reads are known to wait on the registry; unlike {@link #isAvailable()} it
     * never probes, so the stream thread may ask it.
     */
    public boolean isKnownDown() {
        return failure.get() != null;
    }

    /**
     * Returns true when {@code e} is a registry failure that waiting may cure: an outage, or one
     * the operator fixes in the settings (credentials, TLS trust) while records wait.
     */
    public static boolean isWorthWaiting(RegistryException e) {
        return e.isUnreachable() || e.isPermanent();
    }

    /** Records that a read failed with {@code e} and now waits; logs at most once an interval. */
    public void failed(RegistryException e) {
        long now = System.nanoTime();
        if (failure.getAndSet(e) == null) {
            downSinceNanos.set(now);
            lastProbeNanos.set(now);
            lastLogNanos.set(now - interval.toNanos());
        }
        long last = lastLogNanos.get();
        if (now - last >= interval.toNanos() && lastLogNanos.compareAndSet(last, now)) {
            if (e.isPermanent()) {
                LOG.error(
                        "schema registry refuses the app (not an outage; fix the registry.*"
                                + " settings), records wait: {}",
                        e.getMessage());
            } else {
                LOG.warn("schema registry unavailable, records wait: {}", e.getMessage());
            }
        }
    }

    /** Records that the registry answered; logs the end of an outage once. */
    public void answered() {
        if (failure.getAndSet(null) != null) {
            long seconds = Duration.ofNanos(System.nanoTime() - downSinceNanos.get()).toSeconds();
            LOG.info("schema registry answers again after {} s; waiting records go on", seconds);
        }
    }

    /**
     * Returns the answer of {@code call}, trying it again each interval while it fails with a
     * failure {@linkplain #isWorthWaiting worth waiting for}; other failures are thrown.
     *
     * @throws CancellationException when {@code cancelled} turns true while waiting
     */
    public <T> T await(Supplier<T> call, BooleanSupplier cancelled) {
        boolean failedHere = false;
        while (true) {
            try {
                T answer = call.get();
                if (failedHere) {
                    // it failed on the registry before, so the registry answered now; a first
                    // success may have needed no registry at all (a cached schema)
                    answered();
                }
                return answer;
            } catch (RegistryException e) {
                if (!isWorthWaiting(e)) {
                    throw e;
                }
                failed(e);
                failedHere = true;
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for the registry");
            }
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("no longer waited for");
            }
        }
    }
}
