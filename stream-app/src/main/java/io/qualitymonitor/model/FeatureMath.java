package io.qualitymonitor.model;

/** Averages crop features and L2-normalises vectors, in place where it can. */
final class FeatureMath {
    private FeatureMath() {}

    /** Divides {@code v[from, from+len)} by its L2 norm (left as is when the norm is 0). */
    static void l2Normalise(float[] v, int from, int len) {
        double sum = 0;
        for (int i = from; i < from + len; i++) {
            sum += (double) v[i] * v[i];
        }
        if (sum > 0) {
            float inv = (float) (1.0 / Math.sqrt(sum));
            for (int i = from; i < from + len; i++) {
                v[i] *= inv;
            }
        }
    }

    /**
     * Returns the mean of {@code count} rows of length {@code dim} starting at row {@code first} of
     * the row-major matrix {@code m}, written into {@code out} at {@code at}.
     */
    static void meanRows(float[] m, int first, int count, int dim, float[] out, int at) {
        for (int d = 0; d < dim; d++) {
            double s = 0;
            for (int r = first; r < first + count; r++) {
                s += m[r * dim + d];
            }
            out[at + d] = (float) (s / count);
        }
    }

    static boolean allFinite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
