package io.qualitymonitor.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns the stop handshake of a service whose {@code run} blocks: another thread (a stop signal)
 * asks it to stop and waits, bounded, until the run has closed what it runs.
 */
final class StopRequest {
    private static final Logger LOG = LoggerFactory.getLogger(StopRequest.class);
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final String what;
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    /** Creates the handshake of {@code what} (named in the warning when it does not close). */
    StopRequest(String what) {
        this.what = what;
    }

    /** Returns true once a stop was asked for. */
    boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** Returns true when a stop is asked for within {@code timeout}, false when it is not. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Marks the run as ended, whatever way it ended; call it in a {@code finally}. */
    void finished() {
        finished.countDown();
    }

    /** Asks for a stop and waits (at most 90 s) until the run has ended. */
    void requestAndWait() {
        requested.countDown();
        try {
            if (!finished.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("{} did not close within {} s", what, WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
