package io.qualitymonitor.model.baseline;

import java.awt.image.BufferedImage;

/**
 * BRISQUE (Mittal, Moorthy, Bovik, IEEE TIP 2012) as OpenCV contrib's {@code QualityBRISQUE}
 * computes it: OpenCV grey conversion, MSCN coefficients at full and half scale ({@code
 * INTER_CUBIC}), an AGGD fit of the coefficients and of their products with the right, lower,
 * lower-right and upper-right neighbours (zero outside the image), 36 features scaled to [-1, 1],
 * an RBF epsilon-SVR, and the result clamped to [0, 100]. Lower is better.
 */
public final class Brisque implements BaselineScorer {

    private static final int[][] SHIFTS = {{0, 1}, {1, 0}, {1, 1}, {-1, 1}};

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
        double[] features = new double[BrisqueModel.FEATURES];
        GrayImage im = gray;
        for (int scale = 0; scale < 2; scale++) {
            if (scale == 1) {
                im = HalfScale.openCv(im);
            }
            double[] mscn = Mscn.of(im);
            int o = scale * 18;
            AggdFit.Params p = AggdFit.fit(mscn);
            features[o] = p.shape();
            features[o + 1] = (p.leftStd() * p.leftStd() + p.rightStd() * p.rightStd()) / 2;
            double[] pair = new double[mscn.length];
            for (int s = 0; s < SHIFTS.length; s++) {
                neighbourProducts(mscn, im.width(), im.height(), SHIFTS[s], pair);
                AggdFit.Params q = AggdFit.fit(pair);
                int k = o + 2 + 4 * s;
                features[k] = q.shape();
                features[k + 1] = q.mean();
                features[k + 2] = q.leftStd() * q.leftStd();
                features[k + 3] = q.rightStd() * q.rightStd();
            }
        }
        return features;
    }

    /** Products of each coefficient with its neighbour at {@code (y + dy, x + dx)}, 0 outside. */
    private static void neighbourProducts(
            double[] m, int width, int height, int[] shift, double[] out) {
        for (int y = 0; y < height; y++) {
            int yy = y + shift[0];
            for (int x = 0; x < width; x++) {
                int xx = x + shift[1];
                boolean inside = yy >= 0 && yy < height && xx >= 0 && xx < width;
                out[y * width + x] = inside ? m[y * width + x] * m[yy * width + xx] : 0;
            }
        }
    }
}
