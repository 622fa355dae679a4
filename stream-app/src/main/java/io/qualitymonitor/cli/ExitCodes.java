package io.qualitymonitor.cli;

import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.tools.UsageException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Returns the process exit codes, named once; commands return these, {@link #of} maps failures to
 * them in one place, and only the launcher exits. README.md's "Exit codes" table says the same.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>done; also {@code run}, {@code demo} without {@code --uploads} stopped
 *       cleanly by Ctrl-C or SIGTERM</td></tr>
 *   <tr><td>1</td><td>ran, but some inputs failed (images {@code score} could not score)</td></tr>
 *   <tr><td>2</td><td>wrong option or argument</td></tr>
 *   <tr><td>3</td><td>bad setting; a file, folder or model bundle named is absent or
 *       unreadable</td></tr>
 *   <tr><td>4</td><td>Kafka, the Schema Registry or the model runtime failed</td></tr>
 *   <tr><td>130</td><td>stopped by Ctrl-C or SIGTERM before the work was done ({@code replay}
 *       part-way, {@code demo --uploads N} before N); what was done is committed and
 *       printed</td></tr>
 * </table>
 */
public final class ExitCodes {
    /** Everything worked, or a command without an end stopped cleanly on request. */
    public static final int OK = 0;

    /** The command ran, but some inputs failed (e.g. an image that could not be scored). */
    public static final int PARTIAL_FAILURE = 1;

    /** A wrong option or argument on the command line. */
    public static final int USAGE = 2;

    /** A setting is missing or malformed, or a file the user named is absent or unreadable. */
    public static final int CONFIG = 3;

    /** Something outside the user's input broke: broker, registry, model runtime. */
    public static final int RUNTIME = 4;

    /** Stopped by Ctrl-C or SIGTERM before the work was done (128 + SIGINT, as shells report). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}

    /** Returns the exit code of a failed command: the one place that maps failures to codes. */
    static int of(Throwable ex) {
        Throwable e = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        return switch (e) {
            case UserException u -> u.exitCode();
            case UsageException u -> USAGE;
            // settings, bundles, labels files: ModelException, EvaluationException, FitException
            // and BaselineException are ConfigExceptions too
            case ConfigException c -> CONFIG;
            case NoSuchFileException f -> CONFIG;
            case AccessDeniedException f -> CONFIG;
            case InterruptedException i -> INTERRUPTED;
            // the runtime failed (ModelRuntimeException), Kafka, the registry
            default -> RUNTIME;
        };
    }
}
