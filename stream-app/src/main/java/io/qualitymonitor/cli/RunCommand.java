package io.qualitymonitor.cli;

import io.qualitymonitor.app.RunOptions;
import io.qualitymonitor.app.RunService;
import io.qualitymonitor.config.MetricsConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code run}: the pipeline against your own Kafka and Schema Registry, until stopped. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the scoring pipeline against your Kafka cluster and Schema Registry"
                    + " (kafka.bootstrap.servers, registry.url; SASL/TLS through kafka.* and"
                    + " registry.* settings) until Ctrl-C or SIGTERM, then stop cleanly.",
            "Checks at start-up that the broker and the registry answer and that the topics"
                    + " exist; logs the effective settings once, secrets hidden."
        })
public final class RunCommand implements Callable<Integer> {
    @Mixin ConfigMixin configMixin;

    @Option(
            names = "--create-topics",
            description =
                    "Create missing topics (topics.partitions, topics.replication.factor) and"
                            + " register the schemas at start-up. Off by default for production"
                            + " safety: topics and subjects usually belong to their owners.")
    boolean createTopics;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description =
                    "Serve /metrics (Prometheus), /health/live and /health/ready on PORT"
                            + " (overrides metrics.port; 0 = off).")
    Integer metricsPort;

    @Option(
            names = "--startup-timeout",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description =
                    "How long the start-up checks wait for the broker (default: ${DEFAULT-VALUE}).")
    int startupTimeoutSeconds;

    private volatile RunService service;

    @Override
    public Integer call() throws Exception {
        if (startupTimeoutSeconds <= 0 || (metricsPort != null && metricsPort < 0)) {
            throw new UserException(
                    "--startup-timeout must be > 0 and --metrics-port >= 0", ExitCodes.USAGE);
        }
        Map<String, String> extra =
                metricsPort == null ? Map.of() : Map.of(MetricsConfig.PORT, metricsPort.toString());
        service =
                new RunService(
                        configMixin.load(extra),
                        new RunOptions(createTopics, Duration.ofSeconds(startupTimeoutSeconds)));
        ShutdownHook.around(
                "run-shutdown",
                this::stop,
                () -> {
                    service.run();
                    return null;
                });
        return ExitCodes.OK;
    }

    /** Stops a running pipeline cleanly; what the shutdown hook (Ctrl-C, SIGTERM) calls. */
    void stop() {
        RunService s = service;
        if (s != null) {
            s.stop();
        }
    }
}
