package io.qualitymonitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link RequiresPython}: before each marked test, checks (once per run and
 * module set) that the test Python starts and imports the modules, then lets the test run, or skips
 * or fails it through {@link TestRequirements#check}.
 */
public final class PythonCondition implements BeforeEachCallback {
    private static final ExtensionContext.Namespace NS =
            ExtensionContext.Namespace.create(PythonCondition.class);
    private static final long PROBE_SECONDS = 120;

    @Override
    public void beforeEach(ExtensionContext context) {
        List<String> modules = modules(context);
        Path python = TestRequirements.python();
        String key = python + " " + String.join(",", modules);
        // the probe's answer: "" when every module imports, else why not
        String problem =
                context.getRoot()
                        .getStore(NS)
                        .getOrComputeIfAbsent(key, k -> probe(python, modules), String.class);
        TestRequirements.check(TestRequirements.PYTHON, problem.isEmpty() ? null : problem);
    }

    private static List<String> modules(ExtensionContext context) {
        Optional<RequiresPython> onMethod =
                AnnotationSupport.findAnnotation(context.getTestMethod(), RequiresPython.class);
        RequiresPython a =
                onMethod.orElseGet(
                        () ->
                                AnnotationSupport.findAnnotation(
                                                context.getTestClass(), RequiresPython.class)
                                        .orElseThrow());
        return List.of(a.modules());
    }

    /** Returns "" when {@code python} imports every module, else a one-line reason. */
    static String probe(Path python, List<String> modules) {
        String needs =
                "needs "
                        + python
                        + " with "
                        + String.join(", ", modules)
                        + " (training/install.sh installs Debian's; "
                        + TestRequirements.PYTHON_ENV
                        + " names another Python)";
        if (!Files.isExecutable(python)) {
            return needs + ": " + python + " not found";
        }
        try {
            Path log = Files.createTempFile("qm-python-probe-", ".log");
            try {
                Process p =
                        new ProcessBuilder(
                                        python.toString(),
                                        "-c",
                                        "import " + String.join(", ", modules))
                                .redirectErrorStream(true)
                                .redirectOutput(log.toFile())
                                .start();
                if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return needs + ": importing took over " + PROBE_SECONDS + " s";
                }
                if (p.exitValue() == 0) {
                    return "";
                }
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                String last = lines.isEmpty() ? "exit code " + p.exitValue() : lines.getLast();
                return needs + ": " + last.strip();
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            return needs + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return needs + ": interrupted";
        }
    }
}
