package io.qualitymonitor.cli;

import io.qualitymonitor.app.ProduceOptions;
import io.qualitymonitor.app.ProduceService;
import io.qualitymonitor.app.UploadInputException;
import io.qualitymonitor.config.AppConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code produce}: send uploads to the upload topic, without writing code. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = {
            "Send ImageUpload records (Avro, Confluent wire format) to the upload topic: one per"
                    + " image file, per image in a folder (recursive), per http(s) URL, or per row"
                    + " of a .csv or .jsonl upload list (fields id, uri, event_time, sha256, size,"
                    + " mime_type; other CSV columns, or a JSON 'segments' object, are labels).",
            "Everything is read and checked before anything is sent."
        })
public final class ProduceCommand implements Callable<Integer> {
    @Mixin ConfigMixin configMixin;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Files, folders, URLs, lists.")
    List<String> inputs;

    @Option(names = "--topic", description = "Topic (default: the first of topics.uploads).")
    String topic;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            description = "Uploads per second (default: as fast as the broker takes them).")
    double rate;

    @Option(
            names = "--register-schema",
            description = "Register the ImageUpload schema (default: it must be registered).")
    boolean registerSchema;

    @Option(
            names = "--label",
            paramLabel = "KEY=VALUE",
            description = "A segment label for every upload, e.g. platform=web (repeatable).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--id-prefix", description = "Prefix of generated ids (default: up-<time>).")
    String idPrefix;

    @Option(
            names = "--startup-timeout",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "How long to wait for the broker (default: ${DEFAULT-VALUE}).")
    int startupTimeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (rate < 0 || startupTimeoutSeconds <= 0) {
            throw new UserException(
                    "--rate must be >= 0 and --startup-timeout > 0", ExitCodes.USAGE);
        }
        AppConfig cfg = configMixin.load();
        ProduceService service =
                new ProduceService(
                        cfg,
                        new ProduceOptions(
                                topic,
                                rate,
                                registerSchema,
                                idPrefix != null
                                        ? idPrefix
                                        : ProduceOptions.idPrefixAt(Instant.now()),
                                labels,
                                Duration.ofSeconds(startupTimeoutSeconds)));
        PrintWriter err = spec.commandLine().getErr();
        ProduceService.Summary s;
        try (ProduceProgress progress = new ProduceProgress(cfg, err)) {
            // Ctrl-C and SIGTERM stop the sending; what was sent is flushed before the summary
            s =
                    ShutdownHook.around(
                            "produce-shutdown", service::stop, () -> service.run(inputs, progress));
        } catch (UploadInputException e) {
            throw new UserException(e.getMessage(), ExitCodes.CONFIG);
        }
        spec.commandLine().getOut().println(s.describe());
        spec.commandLine().getOut().flush();
        if (s.failed() > 0) {
            err.println("error: " + s.failed() + " uploads not delivered: " + s.firstError());
            return s.acknowledged() == 0 ? ExitCodes.RUNTIME : ExitCodes.PARTIAL_FAILURE;
        }
        return s.stopped() ? ExitCodes.INTERRUPTED : ExitCodes.OK;
    }
}
