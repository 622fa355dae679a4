package io.qualitymonitor.config;

/**
 * Returns the one-line message of an exception for a dead letter, a log line or the command line:
 * the first line of the outermost message of its own. A wrapper without one (a {@code
 * CompletionException} or {@code ExecutionException} carries no message, or only its cause's {@code
 * toString()}) gives its cause's; an exception without any message gives its class name.
 */
public final class OneLine {
    private OneLine() {}

    /** Returns the one-line message of {@code e}. */
    public static String of(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && isWrapper(t)) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        int nl = m.strip().indexOf('\n');
        return nl < 0 ? m.strip() : m.strip().substring(0, nl).strip();
    }

    private static boolean isWrapper(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() || m.equals(t.getCause().toString());
    }
}
