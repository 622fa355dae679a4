package io.qualitymonitor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Returns what the tests need from the machine beyond the JDK and the build (a Python with torch,
 * the shared data beside the clone), and skips or fails a test when one is absent.
 *
 * <p>A test whose requirement is absent is skipped with a one-line reason, so that {@code ./mvnw
 * verify} passes on a fresh machine. Where environment variable {@value #REQUIRE_ENV} names the
 * requirement (comma separated, e.g. {@code python,shared-data,confluent-client}, as {@code
 * .ci/run} sets it), the same test fails instead: CI must run it. {@value #PYTHON_ENV} names the
 * Python interpreter (default {@value #DEFAULT_PYTHON}). The variables have no {@code QM_} prefix
 * because the application reads {@code QM_*} as its own settings.
 */
public final class TestRequirements {
    /** Comma-separated requirements whose absence fails a test instead of skipping it. */
    public static final String REQUIRE_ENV = "QMTEST_REQUIRE";

    /** The Python interpreter the parity and benchmark tests run. */
    public static final String PYTHON_ENV = "QMTEST_PYTHON";

    /** Requirement name: a Python interpreter that imports the modules a test names. */
    public static final String PYTHON = "python";

    /** Requirement name: {@code ../shared/data} beside the clone (photos and reference scores). */
    public static final String SHARED_DATA = "shared-data";

    /**
     * Requirement name: Node with Confluent's JavaScript Schema Registry client installed under
     * {@code .ci/interop} (the interop test).
     */
    public static final String CONFLUENT_CLIENT = "confluent-client";

    static final String DEFAULT_PYTHON = "/usr/bin/python3";

    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private TestRequirements() {}

    /** Returns the Python interpreter for tests: {@value #PYTHON_ENV}, else the default. */
    public static Path python() {
        String p = System.getenv(PYTHON_ENV);
        return Path.of(p == null || p.isBlank() ? DEFAULT_PYTHON : p.strip());
    }

    /**
     * Does nothing when {@code reason} is null (the requirement is met); otherwise skips the
     * current test with the one-line reason, or fails it where {@value #REQUIRE_ENV} names {@code
     * requirement}.
     */
    public static void check(String requirement, String reason) {
        Set<String> required = required(System.getenv(REQUIRE_ENV));
        if (reason != null && !required.contains(requirement) && REPORTED.add(reason)) {
            // the report holds the reason of every skip; the build's console gets it once
            System.err.println("skipped: " + reason);
        }
        check(requirement, reason, required);
    }

    static void check(String requirement, String reason, Set<String> required) {
        if (reason == null) {
            return;
        }
        if (required.contains(requirement)) {
            Assertions.fail(
                    reason + " (" + REQUIRE_ENV + " requires " + requirement + ": not skipped)");
        }
        Assumptions.abort(reason);
    }

    /** Returns the requirement names in a {@value #REQUIRE_ENV} value. */
    static Set<String> required(String value) {
        if (value == null) {
            return Set.of();
        }
        return Arrays.stream(value.split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
