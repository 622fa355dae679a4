package io.qualitymonitor.tools.baseline;

import io.qualitymonitor.image.nss.AggdFit;
import io.qualitymonitor.image.nss.GrayImage;
import io.qualitymonitor.image.nss.HalfScale;
import io.qualitymonitor.image.nss.Mscn;
import java.awt.image.BufferedImage;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * NIQE (Mittal, Soundararajan, Bovik, IEEE SPL 2012), following the LIVE release's {@code
 * computequality.m}: MATLAB {@code rgb2gray}, 96x96 blocks without overlap, 18 AGGD features per
 * block at full and half scale (MATLAB {@code imresize}), a Gaussian fitted to all blocks, and the
 * Mahalanobis-like distance to the pristine model with the pooled covariance. Lower is better.
 * Immutable and thread-safe; images need at least two 96x96 blocks (e.g. 192x96).
 */
public final class Niqe implements BaselineScorer {

    /** The block side at full scale, as in the release. */
    public static final int BLOCK = 96;

    private static final int PER_SCALE = 18;
    private static final int[][] SHIFTS = {{0, 1}, {1, 0}, {1, 1}, {-1, 1}};

    private final NiqeModel model;

    /** Creates the scorer over a pristine model. */
    public Niqe(NiqeModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "niqe";
    }

    @Override
    public boolean lowerIsBetter() {
        return true;
    }

    @Override
    public double score(BufferedImage image) {
        return score(GrayImage.matlabRgb2Gray(image));
    }

    /** Returns the NIQE of a grey image on the 0-255 scale. */
    public double score(GrayImage gray) {
        double[][] features = features(gray);
        double[] mean = FeatureStats.nanMean(features);
        double[][] cov = FeatureStats.nanCov(features);
        RealVector diff = new ArrayRealVector(model.mean()).subtract(new ArrayRealVector(mean));
        RealMatrix pooled =
                new Array2DRowRealMatrix(model.covariance())
                        .add(new Array2DRowRealMatrix(cov))
                        .scalarMultiply(0.5);
        RealMatrix pinv = new SingularValueDecomposition(pooled).getSolver().getInverse();
        return Math.sqrt(diff.dotProduct(pinv.operate(diff)));
    }

    /** Returns the 36 features of each 96x96 block, one row per block. */
    public static double[][] features(GrayImage gray) {
        int blockRows = gray.height() / BLOCK;
        int blockCols = gray.width() / BLOCK;
        if (blockRows * blockCols < 2) {
            throw new BaselineException(
                    "NIQE needs an image of at least two 96x96 blocks, got "
                            + gray.width()
                            + "x"
                            + gray.height());
        }
        GrayImage im = gray.crop(blockRows * BLOCK, blockCols * BLOCK);
        double[][] features = new double[blockRows * blockCols][NiqeModel.FEATURES];
        for (int scale = 0; scale < 2; scale++) {
            double[] mscn = Mscn.of(im);
            int side = BLOCK >> scale;
            double[] block = new double[side * side];
            for (int by = 0; by < blockRows; by++) {
                for (int bx = 0; bx < blockCols; bx++) {
                    copyBlock(mscn, im.width(), by * side, bx * side, side, block);
                    blockFeatures(block, side, features[by * blockCols + bx], scale * PER_SCALE);
                }
            }
            if (scale == 0) {
                im = HalfScale.matlab(im);
            }
        }
        return features;
    }

    private static void copyBlock(double[] src, int width, int y0, int x0, int side, double[] dst) {
        for (int y = 0; y < side; y++) {
            System.arraycopy(src, (y0 + y) * width + x0, dst, y * side, side);
        }
    }

    /** Writes the 18 features of one block (MATLAB {@code computefeature}) at {@code offset}. */
    private static void blockFeatures(double[] block, int side, double[] out, int offset) {
        AggdFit.Params p = AggdFit.fit(block);
        out[offset] = p.shape();
        out[offset + 1] = (p.leftScale() + p.rightScale()) / 2;
        double[] pair = new double[block.length];
        for (int s = 0; s < SHIFTS.length; s++) {
            circularProducts(block, side, SHIFTS[s][0], SHIFTS[s][1], pair);
            AggdFit.Params q = AggdFit.fit(pair);
            int o = offset + 2 + 4 * s;
            out[o] = q.shape();
            out[o + 1] = q.mean();
            out[o + 2] = q.leftScale();
            out[o + 3] = q.rightScale();
        }
    }

    /** Products of each value with MATLAB's {@code circshift(block, [dy dx])} of the block. */
    private static void circularProducts(double[] block, int side, int dy, int dx, double[] out) {
        for (int y = 0; y < side; y++) {
            int sy = Math.floorMod(y - dy, side);
            for (int x = 0; x < side; x++) {
                int sx = Math.floorMod(x - dx, side);
                out[y * side + x] = block[y * side + x] * block[sy * side + sx];
            }
        }
    }
}
