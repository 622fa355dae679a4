package io.qualitymonitor.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a long command so that Ctrl-C and SIGTERM stop it cleanly and it still returns its own exit
 * code.
 *
 * <p>The JVM's default answer to SIGTERM or SIGINT is to run the shutdown hooks and exit with 143
 * or 130 whatever the command does. Here the first such signal only asks the command to stop, on a
 * thread of its own: the command closes what it runs, returns normally and the launcher exits with
 * the command's code (0 after a clean stop of {@code run}). A second signal falls back to the JVM's
 * default, for a stop that hangs. A JVM shutdown hook still covers the other ways the JVM may be
 * shut down (SIGHUP, or where signals cannot be handled, e.g. under {@code -Xrs}).
 */
final class ShutdownHook {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownHook.class);
    private static final List<String> STOP_SIGNALS = List.of("TERM", "INT");

    private ShutdownHook() {}

    /**
     * Returns what {@code body} returns, with {@code onShutdown} called once, on its own thread,
     * when a stop signal arrives or the JVM shuts down while the body runs; {@code onShutdown}
     * should return once what the body runs is closed. The handlers are removed when the body ends.
     */
    static <T> T around(String name, Runnable onShutdown, Callable<T> body) throws Exception {
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stopOnce =
                () -> {
                    if (stopping.compareAndSet(false, true)) {
                        onShutdown.run();
                    }
                };
        Thread hook = new Thread(stopOnce, name);
        Runtime.getRuntime().addShutdownHook(hook);
        List<StopSignal> signals = new ArrayList<>();
        for (String signal : STOP_SIGNALS) {
            StopSignal s =
                    StopSignal.install(
                            signal,
                            () -> {
                                LOG.info("SIG{} received: stopping cleanly", signal);
                                Thread.ofPlatform().name(name).start(stopOnce);
                            });
            if (s != null) {
                signals.add(s);
            }
        }
        try {
            return body.call();
        } finally {
            signals.forEach(StopSignal::restore);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running, nothing to remove
            }
        }
    }
}
