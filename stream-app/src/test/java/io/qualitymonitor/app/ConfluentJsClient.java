package io.qualitymonitor.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qualitymonitor.TestRequirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Confluent's own JavaScript Schema Registry client ({@code @confluentinc/schemaregistry},
 * installed under {@code .ci/interop} by {@code .ci/run}) through {@code .ci/interop/interop.js}:
 * one action per call, its JSON lines returned.
 */
final class ConfluentJsClient {
    private static final Path HOME = Path.of("..", ".ci", "interop").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfluentJsClient() {}

    /** Skips (or, where CI requires it, fails) the test when Node or the client is missing. */
    static void require() {
        TestRequirements.check(TestRequirements.CONFLUENT_CLIENT, problem());
    }

    private static String problem() {
        String needs =
                "needs node with Confluent's @confluentinc/schemaregistry in "
                        + HOME
                        + " (.ci/run installs it: npm ci --prefix .ci/interop)";
        if (!Files.isDirectory(HOME.resolve("node_modules/@confluentinc/schemaregistry"))) {
            return needs + ": not installed";
        }
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0
                    ? null
                    : needs + ": node does not run";
        } catch (IOException e) {
            return needs + ": node not found";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return needs + ": interrupted";
        }
    }

    /** Returns a new spec for {@code action}. */
    static ObjectNode spec(String action, String registryUrl) {
        return JSON.createObjectNode().put("action", action).put("registry", registryUrl);
    }

    /**
     * Returns the JSON lines {@code interop.js} printed for {@code spec}; fails on a non-zero exit.
     */
    static List<JsonNode> run(ObjectNode spec) throws IOException, InterruptedException {
        Path file = Files.createTempFile("qm-interop-", ".json");
        Path log = Files.createTempFile("qm-interop-", ".log");
        try {
            Files.writeString(file, spec.toString(), StandardCharsets.UTF_8);
            Process p =
                    new ProcessBuilder(
                                    "node", HOME.resolve("interop.js").toString(), file.toString())
                            .redirectError(log.toFile())
                            .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("interop.js " + spec.get("action") + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        "interop.js "
                                + spec.get("action")
                                + " failed: "
                                + Files.readString(log, StandardCharsets.UTF_8));
            }
            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(log);
        }
    }

    /** Returns the one line an action printed. */
    static JsonNode one(ObjectNode spec) throws IOException, InterruptedException {
        List<JsonNode> lines = run(spec);
        if (lines.size() != 1) {
            throw new IllegalStateException("expected one line, got " + lines);
        }
        return lines.get(0);
    }

    /** Returns the parser that specs are built with. */
    static ObjectMapper json() {
        return JSON;
    }
}
