package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the command line in a JVM of its own, as the launcher does ({@link Main}, the test class
 * path and the build's {@code qm.*} settings), its output going to a log file: for tests of what
 * only a process shows, such as signals and exit codes.
 */
final class ChildJvm {
    private ChildJvm() {}

    /** Returns the started process running {@code quality-monitor args...}. */
    static Process start(Path log, List<String> args) throws IOException {
        return start(log, List.of(), args);
    }

    /** Returns the started process running {@code quality-monitor args...} with JVM options. */
    static Process start(Path log, List<String> jvmOptions, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(jvmOptions);
        System.getProperties().stringPropertyNames().stream() // the build's qm.* settings
                .filter(k -> k.startsWith("qm.") || k.startsWith("ai.djl."))
                .forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /**
     * Waits until the log holds {@code text}; fails when the process ends first or time runs out.
     */
    static void awaitLog(Process p, Path log, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(log).contains(text) && System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
            Thread.sleep(250);
        }
        assertThat(Files.readString(log)).contains(text);
    }
}
