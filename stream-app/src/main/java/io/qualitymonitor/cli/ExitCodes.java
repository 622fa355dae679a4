package io.qualitymonitor.cli;

/** Returns the process exit codes, named once; commands return these, only the launcher exits. */
public final class ExitCodes {
    /** Everything worked. */
    public static final int OK = 0;

    /** The command ran, but some inputs failed (e.g. an image that could not be scored). */
    public static final int PARTIAL_FAILURE = 1;

    /** A wrong option or argument on the command line. */
    public static final int USAGE = 2;

    /** A setting is missing or malformed, or a file the user named is absent or unreadable. */
    public static final int CONFIG = 3;

    /** Something outside the user's input broke: broker, registry, model runtime. */
    public static final int RUNTIME = 4;

    /** Interrupted by the user (Ctrl-C). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
