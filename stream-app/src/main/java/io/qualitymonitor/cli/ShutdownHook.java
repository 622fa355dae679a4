package io.qualitymonitor.cli;

import java.util.concurrent.Callable;

/** Runs a long command with a JVM shutdown hook (Ctrl-C, SIGTERM) that stops it cleanly. */
final class ShutdownHook {
    private ShutdownHook() {}

    /**
     * Returns what {@code body} returns, with {@code onShutdown} registered as a shutdown hook for
     * as long as it runs; the hook is removed when the body ends normally.
     */
    static <T> T around(String name, Runnable onShutdown, Callable<T> body) throws Exception {
        Thread hook = new Thread(onShutdown, name);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.call();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running, nothing to remove
            }
        }
    }
}
