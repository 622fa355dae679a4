package io.qualitymonitor.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qualitymonitor.model.ModelException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs {@code training/bench_torchscript.py} as a child process on the same bundle and images, and
 * asks it for one batch size at a time, so that Java and Python are measured in turn.
 */
public final class PythonBench implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final PrintWriter toChild;
    private final BufferedReader fromChild;
    private final Path log;
    private final String torchVersion;

    /**
     * Starts {@code python script --bundle bundle --images images --threads threads ...} and waits
     * until it has loaded the model and images; the loop reads a batch's crops in forward passes of
     * at most {@code passMaxViews} as the Java runtime does (0: all at once).
     */
    public PythonBench(
            Path python,
            Path script,
            Path bundle,
            Path images,
            int threads,
            int passMaxViews,
            double minSeconds) {
        try {
            log = Files.createTempFile("qm-bench-python-", ".log");
            process =
                    new ProcessBuilder(
                                    List.of(
                                            python.toString(),
                                            script.toString(),
                                            "--bundle",
                                            bundle.toString(),
                                            "--images",
                                            images.toString(),
                                            "--threads",
                                            Integer.toString(threads),
                                            "--pass-max-views",
                                            Integer.toString(passMaxViews),
                                            "--min-seconds",
                                            Double.toString(minSeconds)))
                            .redirectError(log.toFile())
                            .start();
        } catch (IOException e) {
            throw new ModelException(
                    "cannot start " + python + " " + script + ": " + e.getMessage(), e);
        }
        toChild = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        fromChild =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        JsonNode ready = readLine();
        if (!ready.path("ready").asBoolean(false)) {
            throw failure("did not start: " + ready);
        }
        torchVersion = ready.path("torch").asText("?");
    }

    /** Returns the torch version the Python loop runs. */
    public String torchVersion() {
        return torchVersion;
    }

    /** Returns the Python loop's result at {@code batchSize}. */
    public BenchResult run(int batchSize) {
        toChild.println(batchSize);
        JsonNode r = readLine();
        return new BenchResult(
                r.path("batch").asInt(),
                r.path("images_per_second").asDouble(),
                r.path("p50_ms").asDouble(),
                r.path("p99_ms").asDouble(),
                r.path("batches").asInt());
    }

    private JsonNode readLine() {
        try {
            String line = fromChild.readLine();
            if (line == null) {
                throw failure("exited early");
            }
            return JSON.readTree(line);
        } catch (IOException e) {
            throw failure("sent unreadable output: " + e.getMessage());
        }
    }

    private ModelException failure(String what) {
        String last = "";
        try {
            List<String> lines = Files.readAllLines(log);
            last = lines.isEmpty() ? "" : " (last error line: " + lines.get(lines.size() - 1) + ")";
        } catch (IOException e) {
            last = "";
        }
        return new ModelException("Python benchmark " + what + last);
    }

    @Override
    public void close() {
        toChild.println("quit");
        toChild.close();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a leftover temp log is harmless
        }
    }
}
