package io.qualitymonitor.embedded;

import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.config.EmbeddedConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a real Schema Registry (Apicurio Registry, in-memory storage) as a child process and serves
 * its Confluent-compatible API on a loopback port; for {@code demo}, {@code stack} and integration
 * tests.
 *
 * <p>The distribution is the one the build unpacks to {@code stream-app/target/app/registry}. The
 * child's output goes to {@code registry.log} in a fresh temporary folder ({@link #logFile()}).
 */
public final class EmbeddedRegistry implements AutoCloseable {
    private static final String RUNNER_JAR = "quarkus-run.jar";
    private static final String API_PATH = "/apis/ccompat/v7";
    private static final String LOG_NAME = "registry.log";
    // Apicurio with in-memory storage uses about 300 MB; leave room, stay modest.
    private static final String HEAP = "-Xmx512m";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final int LOG_LINES_IN_ERROR = 5;

    private final Process process;
    private final String url;
    private final Path logFile;
    private final Thread shutdownHook;

    private EmbeddedRegistry(Process process, String url, Path logFile) {
        this.process = process;
        this.url = url;
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::stop, "embedded-registry-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the registry on a free port and returns once its API answers; throws {@link
     * ConfigException} when the distribution is missing and {@link IllegalStateException} when it
     * does not come up in {@code config.startTimeout()}.
     */
    public static EmbeddedRegistry start(EmbeddedConfig config) {
        return start(config, 0);
    }

    /**
     * Starts the registry on {@code 127.0.0.1:port} (0: a free port), as {@link
     * #start(EmbeddedConfig)}; throws {@link PortInUseException} when the port is taken.
     */
    public static EmbeddedRegistry start(EmbeddedConfig config, int port) {
        Path home = config.registryHome();
        if (!Files.isRegularFile(home.resolve(RUNNER_JAR))) {
            throw new ConfigException(
                    "no Schema Registry distribution at "
                            + home
                            + " (setting 'embedded.registry.home'); run ./mvnw package first");
        }
        try {
            if (port > 0) {
                Ports.requireFree(port, "Schema Registry");
            }
            int httpPort = port > 0 ? port : Ports.free();
            Path logDir = Files.createTempDirectory("qm-registry-");
            Process process = launch(config, logDir, httpPort, Ports.free());
            EmbeddedRegistry registry =
                    new EmbeddedRegistry(
                            process,
                            "http://" + Ports.LOOPBACK + ":" + httpPort + API_PATH,
                            logDir.resolve(LOG_NAME));
            try {
                registry.awaitReady(config.startTimeout());
            } catch (RuntimeException e) {
                registry.close();
                throw e;
            }
            return registry;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Schema Registry: " + e, e);
        }
    }

    /**
     * Returns the Confluent-compatible base URL, e.g. {@code
     * http://127.0.0.1:PORT/apis/ccompat/v7}.
     */
    public String url() {
        return url;
    }

    /** Returns the file the registry process writes its output to. */
    public Path logFile() {
        return logFile;
    }

    /** Returns whether the registry process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the registry process and its descendants, and waits for them to end. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook runs (harmlessly) on its own.
        }
    }

    private static Process launch(EmbeddedConfig config, Path logDir, int port, int managementPort)
            throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(
                                javaExecutable(config.javaHome()),
                                HEAP,
                                "-jar",
                                config.registryHome()
                                        .resolve(RUNNER_JAR)
                                        .toAbsolutePath()
                                        .toString())
                        .directory(logDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(logDir.resolve(LOG_NAME).toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_HOST", Ports.LOOPBACK);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // Apicurio serves health and metrics on a second port (9000 by default): keep it private
        // and free so that several registries can run side by side.
        env.put("QUARKUS_MANAGEMENT_HOST", Ports.LOOPBACK);
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        // No OpenTelemetry collector here: do not try to export to localhost:4317.
        env.put("QUARKUS_OTEL_SDK_DISABLED", "true");
        return builder.start();
    }

    private static String javaExecutable(Path javaHome) {
        if (javaHome != null) {
            Path java = javaHome.resolve("bin").resolve("java");
            if (!Files.isExecutable(java)) {
                throw new ConfigException(
                        "setting 'embedded.java.home': no executable "
                                + java
                                + " (need a JDK 21+)");
            }
            return java.toString();
        }
        return ProcessHandle.current()
                .info()
                .command()
                .orElseThrow(
                        () ->
                                new ConfigException(
                                        "cannot tell which java runs this process; set"
                                                + " 'embedded.java.home' to a JDK 21+"));
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(POLL_INTERVAL).build()) {
            HttpRequest probe =
                    HttpRequest.newBuilder(URI.create(url + "/subjects"))
                            .timeout(Duration.ofSeconds(2))
                            .build();
            while (true) {
                if (!process.isAlive()) {
                    throw failure("exited with code " + process.exitValue() + " while starting");
                }
                if (answers(http, probe)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw failure("did not answer within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the Schema Registry started", e);
        }
    }

    private static boolean answers(HttpClient http, HttpRequest probe) throws InterruptedException {
        try {
            return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException(
                "Schema Registry "
                        + what
                        + "; last log lines ("
                        + logFile
                        + "): "
                        + lastLogLines());
    }

    private String lastLogLines() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            List<String> tail =
                    lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_ERROR), lines.size());
            return tail.isEmpty() ? "(empty)" : String.join(" | ", tail);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private void stop() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            for (ProcessHandle child : descendants) {
                child.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (ExecutionException | TimeoutException e) {
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
