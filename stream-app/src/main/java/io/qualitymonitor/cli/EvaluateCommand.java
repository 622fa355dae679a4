package io.qualitymonitor.cli;

import io.qualitymonitor.tools.evaluate.EvaluateService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Compares models against subjective labels: SRCC, PLCC, KRCC with intervals, per group. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description =
                "Evaluate models on labelled images: SRCC, PLCC (4-parameter logistic), KRCC with"
                        + " bootstrap intervals, per group; scatter plot PNG.")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin ConfigMixin config;
    @Mixin LabelledImagesOptions data;

    @Option(
            names = "--model",
            paramLabel = "MODEL",
            description =
                    "brisque, niqe, or a bundle folder/.zip; repeatable (default: model.dir).")
    List<String> models = new ArrayList<>();

    @Option(
            names = "--branches",
            description =
                    "Also evaluate each branch of a bundle alone: the low-level and"
                            + " vision-language heads and the zero-shot prompt score.")
    boolean branches;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write a scatter plot.")
    Path plot;

    @Option(names = "--out", paramLabel = "FILE.md", description = "Also write the table here.")
    Path out;

    @Option(
            names = "--scores",
            paramLabel = "FILE.csv",
            description = "Also write each image's score by each model (raw, not negated).")
    Path scoresCsv;

    @Option(names = "--bootstrap", defaultValue = "1000", description = "Resamples (1000).")
    int bootstrap;

    @Override
    public Integer call() {
        var cfg = config.load();
        PrintWriter err = spec.commandLine().getErr();
        String table =
                new EvaluateService(cfg, ProgressBars.on(err, cfg), err::println)
                        .run(
                                new EvaluateService.Request(
                                        data.set(),
                                        models,
                                        branches,
                                        bootstrap,
                                        plot,
                                        out,
                                        scoresCsv));
        spec.commandLine().getOut().print(table);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
