package io.qualitymonitor.cli;

import io.qualitymonitor.tools.produce.ProduceOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Returns the options of {@code produce} that say where and how the uploads are sent. */
public final class SendOptions {
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

    /** Returns the options as the produce service takes them, or throws a usage error. */
    ProduceOptions options() {
        if (rate < 0 || startupTimeoutSeconds <= 0) {
            throw new UserException(
                    "--rate must be >= 0 and --startup-timeout > 0", ExitCodes.USAGE);
        }
        return new ProduceOptions(
                topic,
                rate,
                registerSchema,
                idPrefix != null ? idPrefix : ProduceOptions.idPrefixAt(Instant.now()),
                labels,
                Duration.ofSeconds(startupTimeoutSeconds));
    }
}
