package io.qualitymonitor.image;

import java.awt.image.BufferedImage;

/**
 * Writes an RGB image as the normalised float values an encoder takes: one or more square views
 * (crops) per image, each CHW.
 */
public interface TensorInput {

    /** Returns the number of square views written per image. */
    int viewsPerImage();

    /** Returns the side of each square view. */
    int side();

    /** Returns the views in words, e.g. "4 crops of 160 px at scales [1.0, 0.5]". */
    String describe();

    /** Returns the channel normalisation. */
    Normalisation norm();

    /** Returns the floats one image takes: views x 3 x side x side. */
    default int floatsPerImage() {
        return viewsPerImage() * 3 * side() * side();
    }

    /** Writes the floats of {@code img} into {@code dst} from {@code offset}. */
    void write(BufferedImage img, float[] dst, int offset);
}
