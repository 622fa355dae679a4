package io.qualitymonitor.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.png.PngChunk;
import com.drew.imaging.png.PngChunkReader;
import com.drew.imaging.png.PngChunkType;
import com.drew.lang.ByteArrayReader;
import com.drew.lang.SequentialByteArrayReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.util.Set;

/** Reads the EXIF orientation (1-8) and turns an RGB image upright accordingly. */
final class ExifOrientation {
    private static final Set<String> WITH_EXIF =
            Set.of("jpeg", "jpg", "png", "webp", "tiff", "tif");

    private ExifOrientation() {}

    /** Returns the orientation tag, or 1 (upright) when absent or unreadable. */
    static int read(byte[] bytes, String format) {
        if (!WITH_EXIF.contains(format)) {
            return 1;
        }
        try {
            Metadata md =
                    format.equals("png")
                            ? pngExif(bytes)
                            : ImageMetadataReader.readMetadata(
                                    new ByteArrayInputStream(bytes), bytes.length);
            ExifIFD0Directory dir = md.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (dir != null && dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                int o = dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                return o >= 1 && o <= 8 ? o : 1;
            }
        } catch (Exception e) { // NOPMD: broken metadata must not fail an image whose pixels decode
            return 1;
        }
        return 1;
    }

    /**
     * Returns the EXIF of a PNG's eXIf chunk only: the library's full PNG reader inflates every
     * zTXt, iTXt and iCCP chunk, which a 100 KB file can make a gigabyte.
     */
    private static Metadata pngExif(byte[] bytes) throws Exception {
        Metadata md = new Metadata();
        for (PngChunk chunk :
                new PngChunkReader()
                        .extract(new SequentialByteArrayReader(bytes), Set.of(PngChunkType.eXIf))) {
            new ExifReader().extract(new ByteArrayReader(chunk.getBytes()), md);
        }
        return md;
    }

    /** Returns the index in the upright image of the stored pixel (x, y) of a w x h image. */
    private static int target(int o, int x, int y, int w, int h) {
        return switch (o) {
            case 2 -> y * w + (w - 1 - x);
            case 3 -> (h - 1 - y) * w + (w - 1 - x);
            case 4 -> (h - 1 - y) * w + x;
            case 5 -> x * h + y;
            case 6 -> x * h + (h - 1 - y);
            case 7 -> (w - 1 - x) * h + (h - 1 - y);
            default -> (w - 1 - x) * h + y;
        };
    }

    /** Returns {@code src} (TYPE_INT_RGB) flipped and rotated as orientation {@code o} asks. */
    static BufferedImage apply(BufferedImage src, int o) {
        if (o <= 1 || o > 8) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = o >= 5;
        int dw = swap ? h : w;
        int dh = swap ? w : h;
        BufferedImage out = new BufferedImage(dw, dh, BufferedImage.TYPE_INT_RGB);
        int[] s = Pixels.rgb(src);
        int[] d = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                d[target(o, x, y, w, h)] = s[y * w + x];
            }
        }
        return out;
    }
}
