package io.qualitymonitor.cli;

import io.qualitymonitor.tools.bench.StreamBenchmark;
import java.util.List;
import picocli.CommandLine.Option;

/** Returns the options of {@code bench pipeline}: the delays tried and the uploads per burst. */
public final class PipelineBenchOptions {
    @Option(
            names = "--delays",
            split = ",",
            defaultValue = "20,100",
            paramLabel = "MS",
            description = "pipeline: values of batch.max.delay.ms (default: ${DEFAULT-VALUE}).")
    List<Long> delays;

    @Option(
            names = "--uploads",
            defaultValue = "200",
            description =
                    "pipeline: uploads per burst; the paced phase sends half as many (default:"
                            + " ${DEFAULT-VALUE}).")
    int uploads;

    /**
     * Returns the pipeline benchmark's settings with the batch sizes and seconds of {@code bench},
     * or throws a usage error naming what is wrong with them.
     */
    StreamBenchmark.Settings settings(BenchOptions shared) {
        try {
            return new StreamBenchmark.Settings(shared.batchSizes, delays, uploads, shared.seconds);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), ExitCodes.USAGE);
        }
    }
}
