package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
        return start(log, System.getProperty("java.class.path"), jvmOptions, args);
    }

    /**
     * Returns the started process running {@code quality-monitor args...} as the launcher starts
     * it: on the built app's {@code lib/}, with the launcher's AppCDS options; the archive, one of
     * the suite's own ({@link #sharedArchive}), is written by the first run that ends normally.
     */
    static Process startAsLauncher(Path log, List<String> args) throws IOException {
        List<String> options = new ArrayList<>();
        if (Runtime.version().feature() >= 23) {
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        options.add("-XX:+AutoCreateSharedArchive");
        options.add("-XX:SharedArchiveFile=" + sharedArchive(args.get(0)));
        options.add("-Xlog:cds*=off");
        return start(log, Path.of("target/app/lib").toAbsolutePath() + "/*", options, args);
    }

    /**
     * Returns the AppCDS archive of {@code command} for {@link #startAsLauncher}: beside the
     * launcher's own in {@code target/app}, under another name (the class path is the same, the
     * system properties are the build's).
     */
    static Path sharedArchive(String command) {
        return Path.of("target/app")
                .toAbsolutePath()
                .resolve("cds-" + command + "-suite-java" + Runtime.version().feature() + ".jsa");
    }

    /**
     * Returns the started process running {@code quality-monitor args...} on the container image's
     * class path: the built app's {@code lib/} without the artifacts that the pom's {@code
     * app-runtime-lib} execution leaves out (the in-process broker, Scala, test jars).
     */
    static Process startOnImageClassPath(Path log, List<String> args) throws IOException {
        Path lib = Path.of("target/app/lib").toAbsolutePath();
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m =
                Pattern.compile(
                                "<id>app-runtime-lib</id>.*?<excludeArtifactIds>(.*?)</excludeArtifactIds>",
                                Pattern.DOTALL)
                        .matcher(pom);
        assertThat(m.find()).as("app-runtime-lib in stream-app/pom.xml").isTrue();
        List<Pattern> excluded =
                Arrays.stream(m.group(1).split(","))
                        .map(id -> Pattern.compile(Pattern.quote(id.strip()) + "-\\d.*"))
                        .toList();
        List<String> jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars =
                    files.map(f -> f.getFileName().toString())
                            .filter(n -> n.endsWith(".jar"))
                            .filter(n -> excluded.stream().noneMatch(p -> p.matcher(n).matches()))
                            .map(n -> lib.resolve(n).toString())
                            .toList();
        }
        assertThat(jars).as("jars in " + lib).anyMatch(j -> j.endsWith("quality-monitor.jar"));
        assertThat(jars).noneMatch(j -> j.contains("kafka_2.13") || j.contains("scala-library"));
        return start(log, String.join(File.pathSeparator, jars), List.of(), args);
    }

    private static Process start(
            Path log, String classPath, List<String> jvmOptions, List<String> args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(jvmOptions);
        System.getProperties().stringPropertyNames().stream() // the build's qm.* settings
                .filter(k -> k.startsWith("qm.") || k.startsWith("ai.djl."))
                .forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
        cmd.addAll(List.of("-cp", classPath, Main.class.getName()));
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
