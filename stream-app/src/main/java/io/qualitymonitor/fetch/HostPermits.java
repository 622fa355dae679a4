package io.qualitymonitor.fetch;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Returns per-host permits: at most {@code fetch.max.per.host} fetches to one host at a time. A
 * host's semaphore is dropped when nobody holds or waits for it, so memory stays bounded however
 * many hosts the stream names.
 */
final class HostPermits {

    private final int perHost;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    HostPermits(int perHost) {
        this.perHost = perHost;
    }

    /** Blocks until a permit for {@code host} is free. */
    void acquire(String host) throws InterruptedException {
        Entry entry = entries.compute(host, (k, e) -> (e == null ? new Entry(perHost) : e).join());
        try {
            entry.semaphore.acquire();
        } catch (InterruptedException e) {
            leave(host);
            throw e;
        }
    }

    /** Returns a permit taken by {@link #acquire(String)}. */
    void release(String host) {
        Entry entry = entries.get(host);
        if (entry != null) {
            entry.semaphore.release();
            leave(host);
        }
    }

    /** Returns how many hosts currently have a semaphore (for tests). */
    int trackedHosts() {
        return entries.size();
    }

    private void leave(String host) {
        entries.computeIfPresent(host, (k, e) -> --e.users == 0 ? null : e);
    }

    /** Holds one host's semaphore and how many callers hold or wait for it. */
    private static final class Entry {
        private final Semaphore semaphore;
        private int users; // changed only inside ConcurrentHashMap.compute*, which locks the key

        Entry(int permits) {
            this.semaphore = new Semaphore(permits, true);
        }

        Entry join() {
            users++;
            return this;
        }
    }
}
