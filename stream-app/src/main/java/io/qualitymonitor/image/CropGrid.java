package io.qualitymonitor.image;

/**
 * Returns the top-left corners of crops on a regular grid: {@code n * n} crops = the centres of an
 * n x n grid of equal cells (1 = the centre; 4 = the quadrant centres; 9, 16, ... denser); 5 = the
 * quadrant centres plus the centre; each clamped inside the image.
 */
public final class CropGrid {
    /** The densest grid accepted: {@code MAX_GRID x MAX_GRID} crops. */
    public static final int MAX_GRID = 8;

    private CropGrid() {}

    /** Returns whether {@code crops} is a layout this class places: 5 or n * n, n in 1..8. */
    public static boolean valid(int crops) {
        int n = side(crops);
        return crops == 5 || (n >= 1 && n <= MAX_GRID && n * n == crops);
    }

    /** Returns the one-line message for a crop count {@link #valid} rejects. */
    public static String invalidMessage(int crops) {
        return "crops must be 5 or a square number n * n (n = 1.." + MAX_GRID + "), got " + crops;
    }

    /** Returns {@code crops} pairs {x, y}; the image must be at least {@code size} on each side. */
    public static long[][] origins(long width, long height, int size, int crops) {
        if (!valid(crops)) {
            throw new IllegalArgumentException(invalidMessage(crops));
        }
        int n = crops == 5 ? 2 : side(crops);
        long[][] out = new long[crops][];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                out[j * n + i] = clamped(width, height, size, (i + 0.5) / n, (j + 0.5) / n);
            }
        }
        if (crops == 5) {
            out[4] = clamped(width, height, size, 0.5, 0.5);
        }
        return out;
    }

    private static int side(int crops) {
        return crops > 0 ? (int) Math.round(Math.sqrt(crops)) : 0;
    }

    private static long[] clamped(long width, long height, int size, double fx, double fy) {
        long x = (long) Math.floor(width * fx - size / 2.0);
        long y = (long) Math.floor(height * fy - size / 2.0);
        return new long[] {
            Math.min(Math.max(x, 0), width - size), Math.min(Math.max(y, 0), height - size)
        };
    }
}
