package io.qualitymonitor.cli;

import io.qualitymonitor.tools.fit.FitService;
import picocli.CommandLine.Option;

/** Returns the options of {@code fit} that set the new bundle's low-level crops and scales. */
public final class LayoutOptions {
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

    /** Returns the layout asked for; an option not given keeps the source bundle's. */
    FitService.Layout layout() {
        return new FitService.Layout(crops, scales, maxSide);
    }
}
