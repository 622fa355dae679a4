package io.qualitymonitor.cli;

import io.qualitymonitor.tools.score.RowFormat;
import io.qualitymonitor.tools.score.RowWriter;
import io.qualitymonitor.tools.score.ScoreService;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Scores image files, folders (recursive) and URLs with a model bundle; one row per input. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = "Score images: files, folders (recursive) and http(s) URLs.")
public final class ScoreCommand implements Callable<Integer> {
    picocli.CommandLine.Model.CommandSpec spec;

    /** Receives the command's spec when picocli builds it, and adds the column help. */
    @Spec
    void spec(picocli.CommandLine.Model.CommandSpec commandSpec) {
        this.spec = commandSpec;
        commandSpec.usageMessage().footer(RowWriter.columnsHelp().toArray(String[]::new));
    }

    @Mixin ConfigMixin config;
    @Mixin ModelOptions model;

    @Parameters(
            arity = "1..*",
            paramLabel = "PATH_OR_URL",
            description = "Images, folders or URLs.")
    List<String> inputs;

    @Option(
            names = "--format",
            defaultValue = "table",
            description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = "--explain",
            description =
                    "Explain each score by the model's zero-shot attribute scores (the"
                            + " shipped bundle's: sharpness, noise, exposure, colour, blockiness,"
                            + " contrast): a 'why:' line per image in the table, an explanation"
                            + " field in JSON. Needs a bundle with the vision-language branch.")
    boolean explain;

    @Option(
            names = "--prompt",
            paramLabel = "NAME=POSITIVE|NEGATIVE",
            description =
                    "Add an attribute from a prompt pair of your own, e.g. --prompt 'vivid=a vivid"
                            + " photo.|a dull photo.' (repeatable; encoded by the bundle's text"
                            + " encoder).")
    List<String> prompts = new ArrayList<>();

    @Option(
            names = "--batch-size",
            description = "Images per forward pass (default: batch.max.size).")
    Integer batchSize;

    @Override
    public Integer call() {
        RowFormat rowFormat;
        try {
            rowFormat = RowFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), ExitCodes.USAGE);
        }
        var request =
                new ScoreService.Request(
                        inputs, rowFormat, explain, ScoreService.prompts(prompts), batchSize);
        PrintWriter err = spec.commandLine().getErr();
        var cfg = config.load(model.overrides());
        ScoreService.Result result =
                new ScoreService(cfg, ProgressBars.on(err, cfg), err::println)
                        .run(request, spec.commandLine().getOut());
        if (result.failed() > 0) {
            err.println(result.failed() + " of " + result.inputs() + " inputs could not be scored");
            return ExitCodes.PARTIAL_FAILURE;
        }
        return ExitCodes.OK;
    }
}
