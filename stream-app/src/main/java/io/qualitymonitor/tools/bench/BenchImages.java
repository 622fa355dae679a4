package io.qualitymonitor.tools.bench;

import io.qualitymonitor.fetch.ImageReferences;
import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.scoring.ImagePreparer;
import io.qualitymonitor.scoring.Prepared;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Returns the benchmark's images: decoded from a folder, or synthetic when there is none; and
 * writes them as PNG so that the Python loop decodes exactly the same pixels.
 */
public final class BenchImages {
    private BenchImages() {}

    /** Returns up to {@code count} images decoded from {@code dir} (recursive, sorted). */
    public static List<DecodedImage> load(Path dir, int count, ImagePreparer images) {
        List<DecodedImage> out = new ArrayList<>();
        for (String ref : ImageReferences.expand(List.of(dir.toString()))) {
            if (out.size() >= count) {
                break;
            }
            // the benchmark measures the images that decode; others are skipped
            if (images.prepare(ImageReferences.toUri(ref), null).join()
                    instanceof Prepared.Ready r) {
                out.add(r.image());
            }
        }
        return out;
    }

    /** Returns {@code count} synthetic {@code w} x {@code h} photos-like images (seeded). */
    public static List<DecodedImage> synthetic(int count, int w, int h) {
        Random rnd = new Random(20261123);
        List<DecodedImage> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            double fx = 2 + rnd.nextDouble() * 20;
            double fy = 2 + rnd.nextDouble() * 20;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int r = (int) (127 + 100 * Math.sin(x * fx / w + i) + rnd.nextGaussian() * 10);
                    int g = (int) (127 + 100 * Math.sin(y * fy / h) + rnd.nextGaussian() * 10);
                    int b = (int) (127 + 100 * Math.cos((x + y) * fx / (w + h)));
                    img.setRGB(x, y, (clamp(r) << 16) | (clamp(g) << 8) | clamp(b));
                }
            }
            out.add(new DecodedImage(img, "synthetic", 0));
        }
        return out;
    }

    /** Writes the images as {@code 000.png, 001.png, ...} into a new temporary folder. */
    public static Path writePng(List<DecodedImage> images) {
        try {
            Path dir = Files.createTempDirectory("qm-bench-images-");
            for (int i = 0; i < images.size(); i++) {
                ImageIO.write(
                        images.get(i).rgb(),
                        "png",
                        dir.resolve(String.format("%03d.png", i)).toFile());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
