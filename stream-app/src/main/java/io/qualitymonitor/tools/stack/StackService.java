package io.qualitymonitor.tools.stack;

import io.qualitymonitor.app.Wiring;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.config.StackConfig;
import io.qualitymonitor.embedded.EmbeddedStack;
import io.qualitymonitor.embedded.PortInUseException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the local stack until asked to stop: the embedded Kafka broker and Schema Registry on fixed
 * loopback ports ({@code stack.*} settings), the pipeline's topics and schemas when asked, and a
 * properties file with the client settings that {@code run}, {@code produce}, {@code replay} and
 * {@code drift} read as is.
 *
 * <p>{@link #run()} blocks on the caller's thread; {@link #stop()} (e.g. from a shutdown hook)
 * makes it stop broker and registry and return.
 */
public final class StackService {
    private static final long STOP_WAIT_SECONDS = 60;

    private final AppConfig config;
    private final boolean createTopics;
    private final PrintWriter out;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    /**
     * Creates the service; nothing starts before {@link #run()}.
     *
     * @param createTopics also create the pipeline's topics and register its schemas
     */
    public StackService(AppConfig config, boolean createTopics, PrintWriter out) {
        this.config = config;
        this.createTopics = createTopics;
        this.out = out;
    }

    /**
     * Starts the stack, writes the properties file and blocks until {@link #stop()}; returns after
     * broker and registry have stopped.
     *
     * @throws ConfigException when a port is taken (naming the setting) or the file cannot be
     *     written
     */
    public void run() throws InterruptedException {
        StackConfig s = config.stack();
        try {
            out.println("quality-monitor stack: starting the embedded broker and registry...");
            try (EmbeddedStack stack = start(s)) {
                AppConfig live =
                        config.withEndpoints(stack.bootstrapServers(), stack.registryUrl());
                out.printf(
                        "  broker    %s (Kafka, KRaft, in this JVM)%n", stack.bootstrapServers());
                out.printf(
                        "  registry  %s (Apicurio, Confluent-compatible API)%n",
                        stack.registryUrl());
                if (createTopics) {
                    provision(live);
                }
                Path file = s.propertiesFile().toAbsolutePath();
                String text = StackProperties.text(live, createTopics, s.propertiesFile());
                write(file, text);
                out.printf("client settings, written to %s:%n%n%s%n", file, text);
                out.printf(
                        "ready: Ctrl-C stops the stack. Next, in other terminals:%n"
                                + "  ./quality-monitor run --config %1$s --create-topics%n"
                                + "  ./quality-monitor produce --config %1$s samples/%n",
                        s.propertiesFile());
                out.flush();
                ready.countDown();
                stopRequested.await();
                out.println("stopping the broker and the registry...");
            }
            out.println("stack stopped");
        } finally {
            finished.countDown();
        }
    }

    /**
     * Waits until the stack is up and its file written; returns false when {@code timeout} passes
     * or the stack ended first.
     */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && finished.getCount() > 0) {
            if (ready.await(100, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return ready.getCount() == 0;
    }

    /** Asks a running {@link #run()} to stop and waits (bounded) until it has stopped the stack. */
    public void stop() {
        stopRequested.countDown();
        try {
            finished.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private EmbeddedStack start(StackConfig s) {
        try {
            return EmbeddedStack.start(config.embedded(), s.kafkaPort(), s.registryPort());
        } catch (PortInUseException e) {
            boolean kafka = e.port() == s.kafkaPort();
            throw new ConfigException(
                    e.getMessage()
                            + "; stop what uses it or choose another port with "
                            + (kafka
                                    ? "--kafka-port (setting 'stack.kafka.port')"
                                    : "--registry-port (setting 'stack.registry.port')"),
                    e);
        }
    }

    private void provision(AppConfig live) {
        try (Wiring wiring = new Wiring(live)) {
            List<String> created = wiring.provisionTopics();
            out.printf("  topics    %s created%n", created);
            out.printf("  schemas   %s registered%n", wiring.registerSchemas());
        }
    }

    private static void write(Path file, String text) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot write the stack's properties file "
                            + file
                            + " (--properties-file, setting 'stack.properties.file'): "
                            + e.getMessage(),
                    e);
        }
    }
}
