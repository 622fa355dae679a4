package io.qualitymonitor.cli;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.image.DecodeLimits;
import io.qualitymonitor.image.ImageDecoder;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.model.fit.BundleFitter;
import io.qualitymonitor.model.fit.FeatureTable;
import io.qualitymonitor.model.offline.LabelledImages;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Fits a bundle's ridge heads to labelled images and writes the result as a new bundle. */
@Command(
        name = "fit",
        mixinStandardHelpOptions = true,
        description =
                "Fit the ridge heads (standardised features, alpha by 5-fold CV from 0.1, 1, 10,"
                        + " 100) on labelled images; write a new bundle.")
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
        AppConfig cfg = config.load(model.overrides());
        PrintWriter err = spec.commandLine().getErr();
        try (Scorer scorer = ModelOptions.open(cfg.model(), crops, scales, maxSide)) {
            List<String> heads = BundleFitter.heads(scorer.bundle());
            if (!heads.contains(outputHead)) {
                throw new UserException(
                        "--output-head must be one of " + heads + " for this bundle",
                        ExitCodes.USAGE);
            }
            if (stackLabels != null) {
                BundleFitter.checkStackable(BundleFitter.branches(scorer.bundle()));
            }
            LabelledImages li = data.read();
            LabelledImages apart = stackLabels == null ? null : data.read(stackLabels);
            ModelOptions.warnIfRandom(scorer, err);
            ImageDecoder decoder = new ImageDecoder(DecodeLimits.from(cfg.fetch()));
            FeatureTable table = features("features", scorer, decoder, li, cfg, err);
            BundleFitter.Stack stack = null;
            if (apart != null) {
                int[] mainRows = mainRows(li.files(), apart.files());
                // images that are also main images keep the features already extracted
                FeatureTable stackTable =
                        Arrays.stream(mainRows).allMatch(r -> r >= 0)
                                ? table.rows(mainRows)
                                : features("stacking features", scorer, decoder, apart, cfg, err);
                stack =
                        new BundleFitter.Stack(
                                stackTable,
                                apart.labels().values(),
                                cvByFolder ? apart.folderIds() : null,
                                apart.labels().weights(),
                                mainRows,
                                Map.of("labels", stackLabels.toString()));
            }
            var settings =
                    new BundleFitter.Settings(
                            version,
                            data.lowerBetter,
                            cvByFolder ? li.folderIds() : null,
                            li.labels().weights(),
                            Map.of(
                                    "images",
                                    data.images.toString(),
                                    "labels",
                                    data.labels.toString()),
                            outputHead,
                            stack);
            var result =
                    new BundleFitter()
                            .fitAndWrite(
                                    scorer.bundle(), table, li.labels().values(), settings, out);
            spec.commandLine().getOut().print(result.summary());
            return ExitCodes.OK;
        }
    }

    private static FeatureTable features(
            String what,
            Scorer scorer,
            ImageDecoder decoder,
            LabelledImages images,
            AppConfig cfg,
            PrintWriter err) {
        try (ProgressBar bar = ProgressBars.over(what, images.files().size(), err, cfg)) {
            return FeatureTable.extract(
                    scorer,
                    decoder,
                    images.files(),
                    cfg.batch().maxSize(),
                    ProgressBars.stepper(bar));
        }
    }

    /** Returns, for each of {@code stacking}, its index in {@code main} or -1. */
    static int[] mainRows(List<Path> main, List<Path> stacking) {
        Map<Path, Integer> at = new HashMap<>();
        for (int i = 0; i < main.size(); i++) {
            at.putIfAbsent(main.get(i).toAbsolutePath().normalize(), i);
        }
        return stacking.stream()
                .mapToInt(p -> at.getOrDefault(p.toAbsolutePath().normalize(), -1))
                .toArray();
    }
}
