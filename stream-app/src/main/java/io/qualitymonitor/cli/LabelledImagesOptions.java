package io.qualitymonitor.cli;

import io.qualitymonitor.tools.evaluate.LabelledSet;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Returns the options that fit and evaluate share: the image folder and its labels file. */
public final class LabelledImagesOptions {
    @Option(names = "--images", required = true, paramLabel = "DIR", description = "Image folder.")
    Path images;

    @Option(
            names = "--labels",
            required = true,
            paramLabel = "CSV",
            description =
                    "image,mos|dmos|label[,group][,weight]; image paths relative to --images;"
                            + " fit weighs rows by the weight column.")
    Path labels;

    @Option(names = "--lower-better", description = "Lower labels are better (DMOS, level).")
    boolean lowerBetter;

    /** Returns the labelled images these options name. */
    LabelledSet set() {
        return new LabelledSet(images, labels, lowerBetter);
    }
}
