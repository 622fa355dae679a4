package io.qualitymonitor.cli;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.image.DecodeLimits;
import io.qualitymonitor.image.ImageDecoder;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.model.bench.BenchReport;
import io.qualitymonitor.model.bench.BenchSettings;
import io.qualitymonitor.model.bench.ModelBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Benchmarks the model runtime against a Python loop running the same TorchScript. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmark: 'bench model' gives images/s and batch latency per batch size,"
                        + " Java beside a Python/torch loop on the same bundle and images.")
public final class BenchCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin ConfigMixin config;
    @Mixin ModelOptions model;

    @Parameters(index = "0", paramLabel = "TARGET", description = "What to benchmark: model.")
    String target;

    @Mixin BenchOptions options;

    @Option(
            names = "--out",
            paramLabel = "FILE.md",
            description = "Also write the table to this Markdown file.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!"model".equals(target)) {
            throw new UserException(
                    "unknown benchmark '" + target + "'; known: model", ExitCodes.USAGE);
        }
        AppConfig cfg = config.load(model.overrides());
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchSettings settings = options.settings(cfg.home());
        try (Scorer scorer = ModelOptions.open(cfg.model())) {
            ModelOptions.warnIfRandom(scorer, err);
            BenchReport report =
                    new ModelBenchmark(scorer, new ImageDecoder(DecodeLimits.from(cfg.fetch())))
                            .run(settings, err::println);
            List<String> args = spec.commandLine().getParseResult().originalArgs();
            String shown = String.join(" ", args).replaceFirst("^bench ", "");
            report.context("command: ./quality-monitor bench " + shown);
            String md = report.toMarkdown();
            stdout.print(md);
            stdout.flush();
            if (out != null) {
                Files.writeString(out, md);
            }
        }
        return ExitCodes.OK;
    }
}
