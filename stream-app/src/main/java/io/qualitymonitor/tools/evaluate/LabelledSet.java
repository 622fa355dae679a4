package io.qualitymonitor.tools.evaluate;

import java.nio.file.Path;

/**
 * Returns where labelled images are: an image folder and a labels file naming files in it.
 *
 * @param images the image folder
 * @param labels the labels file ({@code image,mos|dmos|label[,group][,weight]})
 * @param lowerBetter whether lower labels mean better quality (DMOS, distortion level)
 */
public record LabelledSet(Path images, Path labels, boolean lowerBetter) {

    /** Returns the labelled images, each checked to exist in the image folder. */
    public LabelledImages read() {
        return read(labels);
    }

    /** Returns the images of another labels file, resolved in the same image folder. */
    public LabelledImages read(Path otherLabels) {
        return LabelledImages.resolve(images, Labels.read(otherLabels));
    }
}
