package io.qualitymonitor.tools.fit;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.model.ModelBundle;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.scoring.ImagePreparer;
import io.qualitymonitor.tools.Progress;
import io.qualitymonitor.tools.UsageException;
import io.qualitymonitor.tools.evaluate.LabelledImages;
import io.qualitymonitor.tools.evaluate.LabelledSet;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fits the configured bundle's ridge heads to labelled images and writes the refitted bundle: the
 * features as the stream computes them, then {@link BundleFitter}. The engine of the {@code fit}
 * command.
 */
public final class FitService {
    private final AppConfig config;
    private final Progress progress;
    private final Consumer<String> warn;

    /**
     * What to fit on and what to write.
     *
     * @param data the labelled images the heads are fitted on
     * @param stackLabels labelled images the other branches' encoders never saw, or null
     * @param layout the low-level layout of the new bundle (nulls keep the source bundle's)
     * @param cvByFolder keep each folder's images in one cross-validation fold
     * @param outputHead the head that gives the score: {@code combined} or a branch name
     * @param version the new version, or null for the source version + {@code -fit}
     * @param out the new bundle folder
     */
    public record Request(
            LabelledSet data,
            Path stackLabels,
            Layout layout,
            boolean cvByFolder,
            String outputHead,
            String version,
            Path out) {}

    /**
     * Returns a low-level layout: crops per scale, scales, working size; null keeps the bundle's.
     */
    public record Layout(Integer crops, double[] scales, Integer maxSide) {}

    /** Returns the service over {@code config}; warnings go to {@code warn}, one line each. */
    public FitService(AppConfig config, Progress progress, Consumer<String> warn) {
        this.config = config;
        this.progress = progress;
        this.warn = warn;
    }

    /** Fits, writes the new bundle and returns the summary to print. */
    public String run(Request r) {
        try (Scorer scorer = Scorer.open(bundle(r.layout()), config.model());
                ImagePreparer images =
                        ImagePreparer.forCommandLine(config.fetch(), config.memory())) {
            List<String> heads = BundleFitter.heads(scorer.bundle());
            if (!heads.contains(r.outputHead())) {
                throw new UsageException(
                        "--output-head must be one of " + heads + " for this bundle");
            }
            if (r.stackLabels() != null) {
                BundleFitter.checkStackable(BundleFitter.branches(scorer.bundle()));
            }
            LabelledImages main = r.data().read();
            LabelledImages apart = r.stackLabels() == null ? null : r.data().read(r.stackLabels());
            scorer.bundle().manifest().randomWeightsWarning().ifPresent(warn);
            FeatureTable table = features("features", scorer, images, main);
            BundleFitter.Stack stack =
                    apart == null ? null : stack(r, scorer, images, main, apart, table);
            var settings =
                    new BundleFitter.Settings(
                            r.version(),
                            r.data().lowerBetter(),
                            r.cvByFolder() ? main.folderIds() : null,
                            main.labels().weights(),
                            main.labels().groups(),
                            Map.of(
                                    "images",
                                    r.data().images().toString(),
                                    "labels",
                                    r.data().labels().toString()),
                            r.outputHead(),
                            stack);
            return new BundleFitter()
                    .fitAndWrite(scorer.bundle(), table, main.labels().values(), settings, r.out())
                    .summary();
        }
    }

    private ModelBundle bundle(Layout layout) {
        ModelBundle bundle = ModelBundle.open(config.model().dir());
        if (layout.crops() != null || layout.scales() != null || layout.maxSide() != null) {
            bundle = bundle.withLowLevelLayout(layout.crops(), layout.scales(), layout.maxSide());
        }
        return bundle;
    }

    private BundleFitter.Stack stack(
            Request r,
            Scorer scorer,
            ImagePreparer images,
            LabelledImages main,
            LabelledImages apart,
            FeatureTable table) {
        int[] mainRows = mainRows(main.files(), apart.files());
        // images that are also main images keep the features already extracted
        FeatureTable stackTable =
                Arrays.stream(mainRows).allMatch(i -> i >= 0)
                        ? table.rows(mainRows)
                        : features("stacking features", scorer, images, apart);
        return new BundleFitter.Stack(
                stackTable,
                apart.labels().values(),
                r.cvByFolder() ? apart.folderIds() : null,
                apart.labels().weights(),
                mainRows,
                Map.of("labels", r.stackLabels().toString()));
    }

    private FeatureTable features(
            String what, Scorer scorer, ImagePreparer images, LabelledImages labelled) {
        try (Progress.Bar bar = progress.start(what, labelled.files().size())) {
            return FeatureTable.extract(
                    scorer, images, labelled.files(), config.batch().maxSize(), bar.stepper());
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
