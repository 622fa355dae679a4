package io.qualitymonitor.cli;

import io.qualitymonitor.tools.bench.BenchService;
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

    @Mixin BenchOptions options;
    @Mixin PipelineBenchOptions pipeline;

    @Option(
            names = "--out",
            paramLabel = "FILE.md",
            description = "Also write the table to this Markdown file.")
    Path out;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        var service =
                new BenchService(config.loader(model.overrides()), commandLine(), err::println);
        switch (target) {
            case "model" -> print(service.model(options.settings(config.load().home())));
            case "pipeline" -> print(service.stream(pipeline.settings(options)));
            default ->
                    throw new UserException(
                            "unknown benchmark '" + target + "'; known: model, pipeline",
                            ExitCodes.USAGE);
        }
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
