package io.qualitymonitor.cli;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.scoring.ImagePreparer;
import io.qualitymonitor.tools.bench.BenchReport;
import io.qualitymonitor.tools.bench.BenchSettings;
import io.qualitymonitor.tools.bench.ModelBenchmark;
import io.qualitymonitor.tools.bench.StreamBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Benchmarks the model runtime against a Python loop running the same TorchScript ({@code bench
 * model}), and the whole streaming pipeline against the raw model ({@code bench pipeline}).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmark the model ('bench model': Java beside a Python/torch loop) or the"
                    + " streaming pipeline ('bench pipeline': beside the raw model).",
            "'bench model' gives images/s and batch latency per batch size, Java beside a"
                    + " Python/torch loop on the same bundle and images.",
            "'bench pipeline' runs the streaming pipeline on the embedded stack for each"
                    + " batch.max.size (--batch-sizes) x batch.max.delay.ms (--delays): burst"
                    + " throughput beside the raw model's, and end-to-end latency at half that"
                    + " load."
        })
public final class BenchCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin ConfigMixin config;
    @Mixin ModelOptions model;

    @Parameters(
            index = "0",
            paramLabel = "TARGET",
            description = "What to benchmark: model or pipeline.")
    String target;

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

    @Mixin BenchOptions options;

    @Option(
            names = "--out",
            paramLabel = "FILE.md",
            description = "Also write the table to this Markdown file.")
    Path out;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if ("pipeline".equals(target)) {
            return pipeline();
        }
        if (!"model".equals(target)) {
            throw new UserException(
                    "unknown benchmark '" + target + "'; known: model, pipeline", ExitCodes.USAGE);
        }
        AppConfig cfg = config.load(model.overrides());
        PrintWriter err = spec.commandLine().getErr();
        BenchSettings settings = options.settings(cfg.home());
        try (Scorer scorer = ModelOptions.open(cfg.model());
                ImagePreparer images = ImagePreparer.forCommandLine(cfg.fetch())) {
            ModelOptions.warnIfRandom(scorer, err);
            BenchReport report = new ModelBenchmark(scorer, images).run(settings, err::println);
            report.context("command: " + commandLine());
            print(report.toMarkdown());
        }
        return ExitCodes.OK;
    }

    private int pipeline() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        StreamBenchmark.Settings settings;
        try {
            settings =
                    new StreamBenchmark.Settings(
                            options.batchSizes, delays, uploads, options.seconds);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), ExitCodes.USAGE);
        }
        Map<String, String> fromOptions = model.overrides();
        AppConfig cfg = config.load(fromOptions);
        List<StreamBenchmark.Point> points =
                new StreamBenchmark(
                                extra -> {
                                    Map<String, String> all = new LinkedHashMap<>(fromOptions);
                                    all.putAll(extra);
                                    return config.load(all);
                                },
                                settings,
                                err::println)
                        .run();
        List<String> context =
                List.of(
                        "command: " + commandLine(),
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
        print(StreamBenchmark.markdown(points, context));
        return ExitCodes.OK;
    }

    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return "./quality-monitor bench " + String.join(" ", args).replaceFirst("^bench ", "");
    }

    private void print(String md) throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(md);
        stdout.flush();
        if (out != null) {
            Files.writeString(out, md);
        }
    }
}
