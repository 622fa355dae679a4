package io.qualitymonitor.image;

import java.awt.image.BufferedImage;

/** Writes an RGB image as the normalised float values one encoder input takes (CHW, per crop). */
public interface TensorInput {

    /** Returns the floats one image takes. */
    int floatsPerImage();

    /** Writes the floats of {@code img} into {@code dst} from {@code offset}. */
    void write(BufferedImage img, float[] dst, int offset);
}
