package io.qualitymonitor.tools.baseline;

import java.awt.image.BufferedImage;

/** A classic no-reference quality measure that scores one decoded image. */
public interface BaselineScorer {

    /** Returns the name the command line selects it by, e.g. {@code brisque}. */
    String name();

    /** Returns true when a lower score means better quality (true for BRISQUE and NIQE). */
    boolean lowerIsBetter();

    /**
     * Returns the quality score of an 8-bit RGB or grey image.
     *
     * @throws BaselineException when the image is too small for the measure
     */
    double score(BufferedImage image);
}
