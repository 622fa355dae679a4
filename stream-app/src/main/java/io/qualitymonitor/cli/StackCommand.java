package io.qualitymonitor.cli;

import io.qualitymonitor.app.StackService;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stack}: only the embedded broker and registry, on fixed ports, until stopped. */
@Command(
        name = "stack",
        mixinStandardHelpOptions = true,
        description = {
            "Start only the embedded Kafka broker (KRaft) and Schema Registry (Apicurio), on"
                    + " 127.0.0.1 and fixed ports, and write a properties file that run, produce,"
                    + " replay and drift use as is (--config FILE).",
            "Creates no topics unless asked. Ctrl-C or SIGTERM stops it cleanly."
        })
public final class StackCommand implements Callable<Integer> {
    @Mixin ConfigMixin configMixin;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            description = "The broker's client port (overrides stack.kafka.port; default 9092).")
    Integer kafkaPort;

    @Option(
            names = "--registry-port",
            paramLabel = "PORT",
            description = "The registry's HTTP port (overrides stack.registry.port; default 8081).")
    Integer registryPort;

    @Option(
            names = "--properties-file",
            paramLabel = "FILE",
            description =
                    "Where to write the client settings (overrides stack.properties.file;"
                            + " default qm-stack.properties in the working folder).")
    Path propertiesFile;

    @Option(
            names = "--create-topics",
            description =
                    "Also create the pipeline's topics (topics.* settings) and register its"
                            + " schemas; run --create-topics does the same.")
    boolean createTopics;

    @Override
    public Integer call() throws Exception {
        Map<String, String> extra = new LinkedHashMap<>();
        if (kafkaPort != null) {
            extra.put("stack.kafka.port", kafkaPort.toString());
        }
        if (registryPort != null) {
            extra.put("stack.registry.port", registryPort.toString());
        }
        if (propertiesFile != null) {
            extra.put("stack.properties.file", propertiesFile.toString());
        }
        StackService service =
                new StackService(
                        configMixin.load(extra), createTopics, spec.commandLine().getOut());
        // Ctrl-C and SIGTERM run the hook, which stops the stack and waits until it has
        ShutdownHook.around(
                "stack-shutdown",
                service::stop,
                () -> {
                    service.run();
                    return null;
                });
        return ExitCodes.OK;
    }
}
