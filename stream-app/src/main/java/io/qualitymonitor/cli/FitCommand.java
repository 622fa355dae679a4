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
            names = "--crops",
            paramLabel = "N",
            description =
                    "Low-level crops per scale for the new bundle: 5 (quadrants and centre) or a"
                            + " square n x n grid, e.g. 9 or 16. More crops cover more of each"
                            + " image and steady the score; the low-level branch costs N / 5"
                            + " times as much (default: the source bundle's).")
    Integer crops;

    @Option(
            names = "--scales",
            split = ",",
            paramLabel = "S",
            description =
                    "Low-level scales for the new bundle, each in (0, 1], e.g. 1,0.75,0.5; the"
                            + " branch costs one pass of the crops per scale (default: the source"
                            + " bundle's).")
    double[] scales;

    @Option(
            names = "--max-side",
            paramLabel = "PX",
            description =
                    "Working size of the low-level branch for the new bundle: each image is first"
                            + " shrunk so that its longer side is at most PX, so that uploads of"
                            + " any resolution are read at one scale; 0 reads images as decoded"
                            + " (default: the source bundle's).")
    Integer maxSide;

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
                                        new FitService.Layout(crops, scales, maxSide),
                                        cvByFolder,
                                        outputHead,
                                        version,
                                        out));
        spec.commandLine().getOut().print(summary);
        return ExitCodes.OK;
    }
}
