package io.qualitymonitor.image;

/**
 * Returns the top-left corners of crops on a regular grid: 1 = centre; 4 = centres of the four
 * quadrants; 5 = those plus the centre; each clamped inside the image.
 */
public final class CropGrid {
    private CropGrid() {}

    /** Returns {@code crops} pairs {x, y}; the image must be at least {@code size} on each side. */
    public static int[][] origins(int width, int height, int size, int crops) {
        double[][] centres =
                switch (crops) {
                    case 1 -> new double[][] {{0.5, 0.5}};
                    case 4 ->
                            new double[][] {{0.25, 0.25}, {0.75, 0.25}, {0.25, 0.75}, {0.75, 0.75}};
                    case 5 ->
                            new double[][] {
                                {0.25, 0.25}, {0.75, 0.25}, {0.25, 0.75}, {0.75, 0.75}, {0.5, 0.5}
                            };
                    default -> throw new IllegalArgumentException("crops must be 1, 4 or 5");
                };
        int[][] out = new int[crops][];
        for (int i = 0; i < crops; i++) {
            int x = (int) Math.floor(width * centres[i][0] - size / 2.0);
            int y = (int) Math.floor(height * centres[i][1] - size / 2.0);
            out[i] =
                    new int[] {
                        Math.min(Math.max(x, 0), width - size),
                        Math.min(Math.max(y, 0), height - size)
                    };
        }
        return out;
    }
}
