package io.qualitymonitor.image.nss;

/**
 * Mean-subtracted, contrast-normalised (MSCN) coefficients: {@code (I - mu) / (sigma + 1)} with the
 * local mean and deviation weighted by a 7x7 Gaussian (sigma 7/6) and the border replicated, as
 * MATLAB's {@code imfilter(..., 'replicate')} and OpenCV's {@code BORDER_REPLICATE} do.
 *
 * <p>Images are on the 0-255 scale; OpenCV's BRISQUE works on 0-1 with a constant of 1/255, which
 * gives the same coefficients.
 */
public final class Mscn {

    private static final double[] WINDOW = gaussian1d(7, 7.0 / 6.0);
    private static final double FLAT_TOLERANCE = 1e-10;

    private Mscn() {}

    /** Returns the MSCN coefficients of {@code image}, row-major, same size. */
    public static double[] of(GrayImage image) {
        return compute(image, null);
    }

    /**
     * Returns the MSCN coefficients and writes the local deviation {@code sigma} into {@code
     * sigmaOut} (same size) when it is not null.
     */
    public static double[] compute(GrayImage image, double[] sigmaOut) {
        double[] src = image.data();
        double[] squares = new double[src.length];
        for (int i = 0; i < src.length; i++) {
            squares[i] = src[i] * src[i];
        }
        double[] mu = blur(src, image.width(), image.height());
        double[] muSq = blur(squares, image.width(), image.height());
        double[] out = new double[src.length];
        for (int i = 0; i < src.length; i++) {
            // abs as MATLAB does: rounding can leave a tiny negative variance on flat areas.
            double sigma = Math.sqrt(Math.abs(muSq[i] - mu[i] * mu[i]));
            if (sigmaOut != null) {
                sigmaOut[i] = sigma;
            }
            double centred = src[i] - mu[i];
            // In a flat neighbourhood the exact value is 0; what the filter leaves is rounding
            // noise whose sign depends on summation order, and AGGD fits count signs. Zero it so
            // the result does not depend on the arithmetic (MATLAB's and OpenCV's differ too).
            if (Math.abs(centred) <= FLAT_TOLERANCE * (Math.abs(src[i]) + 1)) {
                centred = 0;
            }
            out[i] = centred / (sigma + 1);
        }
        return out;
    }

    /** Returns the normalised 1-D Gaussian whose outer product is MATLAB's {@code fspecial}. */
    static double[] gaussian1d(int size, double sigma) {
        double[] w = new double[size];
        double sum = 0;
        int half = size / 2;
        for (int i = 0; i < size; i++) {
            double d = i - half;
            w[i] = Math.exp(-d * d / (2 * sigma * sigma));
            sum += w[i];
        }
        for (int i = 0; i < size; i++) {
            w[i] /= sum;
        }
        return w;
    }

    private static double[] blur(double[] src, int width, int height) {
        int half = WINDOW.length / 2;
        double[] tmp = new double[src.length];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                double acc = 0;
                for (int k = 0; k < WINDOW.length; k++) {
                    int xx = Math.min(Math.max(x + k - half, 0), width - 1);
                    acc += WINDOW[k] * src[row + xx];
                }
                tmp[row + x] = acc;
            }
        }
        double[] out = new double[src.length];
        for (int y = 0; y < height; y++) {
            for (int k = 0; k < WINDOW.length; k++) {
                int yy = Math.min(Math.max(y + k - half, 0), height - 1);
                double w = WINDOW[k];
                int srcRow = yy * width;
                int dstRow = y * width;
                for (int x = 0; x < width; x++) {
                    out[dstRow + x] += w * tmp[srcRow + x];
                }
            }
        }
        return out;
    }
}
