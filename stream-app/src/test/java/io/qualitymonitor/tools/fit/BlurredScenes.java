package io.qualitymonitor.tools.fit;

import io.qualitymonitor.image.TestImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes labelled test folders: synthetic scenes (coloured shapes over fine texture, one per seed)
 * blurred with a Gaussian of known sigma, and a {@code labels.csv} whose label is the blur level
 * (higher is worse). Each scene's images go into their own sub-folder.
 */
public final class BlurredScenes {
    private static final int SIZE = 256;

    private BlurredScenes() {}

    /**
     * Writes {@code scenes.length} scenes x {@code levels} blur levels (level k blurs with sigma =
     * 0.6 k; level 0 is sharp) into {@code dir} and returns the labels file.
     */
    public static Path write(Path dir, long[] scenes, int levels) throws IOException {
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>(List.of("image,label,group"));
        for (long seed : scenes) {
            BufferedImage sharp = scene(seed);
            for (int level = 0; level < levels; level++) {
                String name = "s" + seed + "/b" + level + ".png";
                Files.createDirectories(dir.resolve("s" + seed));
                BufferedImage img = level == 0 ? sharp : blur(sharp, 0.6 * level);
                Files.write(dir.resolve(name), TestImages.encode(img, "png"));
                lines.add(name + "," + level + ",blur");
            }
        }
        Path csv = dir.resolve("labels.csv");
        Files.write(csv, lines);
        return csv;
    }

    /** Returns a scene: random coloured rectangles and discs over per-pixel texture. */
    static BufferedImage scene(long seed) {
        Random r = new Random(seed);
        int[][] rgb = new int[SIZE * SIZE][3];
        for (int[] p : rgb) {
            int base = 90 + r.nextInt(60);
            p[0] = base;
            p[1] = base;
            p[2] = base;
        }
        for (int s = 0; s < 25; s++) {
            int cx = r.nextInt(SIZE);
            int cy = r.nextInt(SIZE);
            int rad = 8 + r.nextInt(50);
            int[] c = {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
            boolean disc = r.nextBoolean();
            for (int y = Math.max(0, cy - rad); y < Math.min(SIZE, cy + rad); y++) {
                for (int x = Math.max(0, cx - rad); x < Math.min(SIZE, cx + rad); x++) {
                    int dx = x - cx;
                    int dy = y - cy;
                    if (!disc || dx * dx + dy * dy < rad * rad) {
                        rgb[y * SIZE + x] = c.clone();
                    }
                }
            }
        }
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < rgb.length; i++) {
            int t = r.nextInt(41) - 20;
            int red = clamp(rgb[i][0] + t);
            int green = clamp(rgb[i][1] + t);
            int blue = clamp(rgb[i][2] + t);
            img.setRGB(i % SIZE, i / SIZE, (red << 16) | (green << 8) | blue);
        }
        return img;
    }

    /** Returns {@code img} blurred by a separable Gaussian of {@code sigma} (edges clamped). */
    static BufferedImage blur(BufferedImage img, double sigma) {
        int rad = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * rad + 1];
        double sum = 0;
        for (int i = -rad; i <= rad; i++) {
            k[i + rad] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + rad];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        double[][] planes = new double[3][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                planes[0][y * w + x] = (p >> 16) & 255;
                planes[1][y * w + x] = (p >> 8) & 255;
                planes[2][y * w + x] = p & 255;
            }
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int c = 0; c < 3; c++) {
            planes[c] = pass(pass(planes[c], w, h, k, true), w, h, k, false);
        }
        for (int i = 0; i < w * h; i++) {
            int red = clamp((int) Math.round(planes[0][i]));
            int green = clamp((int) Math.round(planes[1][i]));
            int blue = clamp((int) Math.round(planes[2][i]));
            out.setRGB(i % w, i / w, (red << 16) | (green << 8) | blue);
        }
        return out;
    }

    private static double[] pass(double[] src, int w, int h, double[] k, boolean horizontal) {
        int rad = k.length / 2;
        double[] dst = new double[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = -rad; i <= rad; i++) {
                    int xx = horizontal ? Math.min(w - 1, Math.max(0, x + i)) : x;
                    int yy = horizontal ? y : Math.min(h - 1, Math.max(0, y + i));
                    s += k[i + rad] * src[yy * w + xx];
                }
                dst[y * w + x] = s;
            }
        }
        return dst;
    }

    private static int clamp(int v) {
        return Math.min(255, Math.max(0, v));
    }
}
