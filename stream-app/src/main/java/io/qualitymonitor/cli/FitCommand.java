package io.qualitymonitor.cli;

import io.qualitymonitor.tools.fit.FitService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Fits a bundle's ridge heads to labelled images and writes the result as a new bundle. */
@Command(
        name = "fit",
        mixinStandardHelpOptions = true,
        description =
                "Fit the ridge heads (standardised features, alpha by 5-fold CV from 0.1 to"
                        + " 10000) on labelled images; write a new bundle.")
public final class FitCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin ConfigMixin config;
    @Mixin LabelledImagesOptions data;
    @Mixin ModelOptions model;
    @Mixin LayoutOptions layout;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "New bundle folder.")
    Path out;

    @Option(names = "--cv-by-folder", description = "Keep each folder's images in one CV fold.")
    boolean cvByFolder;

    @Option(
            names = "--output-head",
            paramLabel = "HEAD",
            defaultValue = "combined",
            description =
                    "The head that gives the score: combined (all branches) or a branch name,"
                            + " e.g. lowlevel (default: ${DEFAULT-VALUE}). All heads are fitted"
                            + " and scored either way.")
    String outputHead;

    @Option(
            names = "--stack-labels",
            paramLabel = "CSV",
            description =
                    "Labelled images (under --images, same columns as --labels) that the bundle's"
                            + " vision-language encoder never saw. The combined head becomes the"
                            + " low-level head plus a correction from the other branches fitted"
                            + " on these images only (stacking): an encoder trained on the"
                            + " --labels photos reads them better than new ones, and a head"
                            + " fitted there trusts it too much. Images also in --labels are left"
                            + " out of the low-level prediction the correction starts from.")
    Path stackLabels;

    @Option(
            names = "--version-tag",
            paramLabel = "V",
            description = "New version (default: source version + -fit).")
    String version;

    @Override
    public Integer call() {
        var cfg = config.load(model.overrides());
        PrintWriter err = spec.commandLine().getErr();
        String summary =
                new FitService(cfg, ProgressBars.on(err, cfg), err::println)
                        .run(
                                new FitService.Request(
                                        data.set(),
                                        stackLabels,
                                        layout.layout(),
                                        cvByFolder,
                                        outputHead,
                                        version,
                                        out));
        spec.commandLine().getOut().print(summary);
        return ExitCodes.OK;
    }
}
