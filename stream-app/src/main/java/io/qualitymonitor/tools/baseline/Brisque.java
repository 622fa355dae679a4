package io.qualitymonitor.tools.baseline;

import io.qualitymonitor.image.nss.BrisqueFeatures;
import io.qualitymonitor.image.nss.GrayImage;
import java.awt.image.BufferedImage;

/**
 * BRISQUE (Mittal, Moorthy, Bovik, IEEE TIP 2012) as OpenCV contrib's {@code QualityBRISQUE}
 * computes it: OpenCV grey conversion, MSCN coefficients at full and half scale ({@code
 * INTER_CUBIC}), an AGGD fit of the coefficients and of their products with the right, lower,
 * lower-right and upper-right neighbours (zero outside the image), 36 features scaled to [-1, 1],
 * an RBF epsilon-SVR, and the result clamped to [0, 100]. Lower is better. Immutable and
 * thread-safe.
 */
public final class Brisque implements BaselineScorer {

    private final BrisqueModel model;

    /** Creates the scorer over a model. */
    public Brisque(BrisqueModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "brisque";
    }

    @Override
    public boolean lowerIsBetter() {
        return true;
    }

    @Override
    public double score(BufferedImage image) {
        return score(GrayImage.openCvGray(image));
    }

    /** Returns the BRISQUE score of a grey image on the 0-255 scale. */
    public double score(GrayImage gray) {
        double raw = model.predict(features(gray));
        return Math.min(Math.max(raw, 0), 100);
    }

    /** Returns the 36 unscaled BRISQUE features of a grey image. */
    public static double[] features(GrayImage gray) {
        if (gray.width() < 8 || gray.height() < 8) {
            throw new BaselineException(
                    "BRISQUE needs an image of at least 8x8, got "
                            + gray.width()
                            + "x"
                            + gray.height());
        }
        return BrisqueFeatures.of(gray);
    }
}
