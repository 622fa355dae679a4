package io.qualitymonitor.cli;

import java.time.Instant;
import picocli.CommandLine.Option;

/** Returns the time range the drift commands require: {@code --from} and {@code --to}. */
public final class TimeRangeOptions {
    @Option(
            names = "--from",
            required = true,
            paramLabel = "FROM",
            converter = TimeConverter.class,
            description = "Start of the range: " + TimeConverter.FORMS + ".")
    Instant from;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "TO",
            converter = TimeConverter.class,
            description = "End of the range (exclusive), same forms.")
    Instant to;

    /** Refuses a range whose end is not after its start (exit code 2). */
    void check() {
        TimeConverter.requireOrder(from, to);
    }
}
