package io.qualitymonitor.tools.bench;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.scoring.ImagePreparer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs the benchmarks and returns their Markdown reports: the model runtime beside a Python loop
 * ({@code bench model}), and the streaming application beside the raw model ({@code bench
 * pipeline}). The engine of the {@code bench} command.
 */
public final class BenchService {
    private final Function<Map<String, String>, AppConfig> configFor;
    private final String commandLine;
    private final Consumer<String> progress;

    /**
     * Returns the service.
     *
     * @param configFor the configuration with the given settings applied last (as {@code --set}
     *     does); the streaming benchmark sets the batch settings and topics of each point
     * @param commandLine the command as typed, for the report
     * @param progress receives one line per step, and warnings
     */
    public BenchService(
            Function<Map<String, String>, AppConfig> configFor,
            String commandLine,
            Consumer<String> progress) {
        this.configFor = configFor;
        this.commandLine = commandLine;
        this.progress = progress;
    }

    /** Returns the report of the model runtime at each batch size of {@code settings}. */
    public String model(BenchSettings settings) {
        AppConfig cfg = configFor.apply(Map.of());
        try (Scorer scorer = Scorer.open(cfg.model());
                ImagePreparer images = ImagePreparer.forCommandLine(cfg.fetch(), cfg.memory())) {
            scorer.bundle().manifest().randomWeightsWarning().ifPresent(progress);
            BenchReport report = new ModelBenchmark(scorer, images).run(settings, progress);
            report.context("command: " + commandLine);
            return report.toMarkdown();
        }
    }

    /** Returns the report of the streaming application at each point of {@code settings}. */
    public String stream(StreamBenchmark.Settings settings) throws InterruptedException {
        AppConfig cfg = configFor.apply(Map.of());
        List<StreamBenchmark.Point> points =
                new StreamBenchmark(configFor, settings, progress).run();
        int uploads = settings.uploads();
        List<String> context =
                List.of(
                        "command: " + commandLine,
                        "date: " + Instant.now().truncatedTo(ChronoUnit.SECONDS),
                        String.format(
                                Locale.ROOT,
                                "machine: %d cores visible to the JVM, Java %s",
                                Runtime.getRuntime().availableProcessors(),
                                Runtime.version()),
                        "model: " + cfg.model().dir() + ", " + cfg.model().threads() + " threads",
                        "stack: embedded KRaft broker + registry in/beside this JVM, "
                                + cfg.kafka().processingGuarantee()
                                + ", "
                                + cfg.topics().partitions()
                                + " partitions, uploads are file references to samples/",
                        "each point: fresh topics and pipeline, warm-up, a burst of "
                                + uploads
                                + " uploads (throughput), then "
                                + Math.max(10, uploads / 2)
                                + " paced at half the burst throughput (latency); raw model ="
                                + " the pipeline's own Scorer on the decoded samples at that"
                                + " batch size, measured right after");
        return StreamBenchmark.markdown(points, context);
    }
}
