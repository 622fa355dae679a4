package io.qualitymonitor.cli;

import io.qualitymonitor.image.HostileImages;
import io.qualitymonitor.image.TestImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the hostile files of issue 24 into a folder: the 40000 x 1 and 1 x 40000 PNG strips, PNGs
 * whose zTXt, iTXt and iCCP chunks inflate to 1 GiB, and eight 6000 x 4000 JPEGs.
 */
final class HostileFiles {
    /** The strips, which the aspect-ratio cap refuses before decoding. */
    static final List<String> STRIPS = List.of("strip-40000x1.png", "strip-1x40000.png");

    private HostileFiles() {}

    /** Writes the files into {@code dir} and returns their names. */
    static List<String> write(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        names.add(write(dir, STRIPS.get(0), HostileImages.strip(40_000, 1)));
        names.add(write(dir, STRIPS.get(1), HostileImages.strip(1, 40_000)));
        for (String chunk : List.of("zTXt", "iTXt", "iCCP")) {
            names.add(
                    write(
                            dir,
                            "bomb-" + chunk + ".png",
                            HostileImages.withChunkBomb(chunk, 1 << 30)));
        }
        byte[] big = TestImages.encode(bigPhoto(), "jpg");
        for (int i = 0; i < 8; i++) {
            names.add(write(dir, "big-" + i + ".jpg", big));
        }
        return names;
    }

    private static String write(Path dir, String name, byte[] bytes) throws IOException {
        Files.write(dir.resolve(name), bytes);
        return name;
    }

    /** Returns a 6000 x 4000 image with texture, cheap to make (rows copied from a tile). */
    private static BufferedImage bigPhoto() {
        BufferedImage tile = TestImages.texture(600, 400);
        BufferedImage img = new BufferedImage(6000, 4000, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        for (int y = 0; y < 4000; y += 400) {
            for (int x = 0; x < 6000; x += 600) {
                g.drawImage(tile, x, y, null);
            }
        }
        g.dispose();
        return img;
    }
}
