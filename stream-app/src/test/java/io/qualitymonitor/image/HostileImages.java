package io.qualitymonitor.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Builds hostile images in memory: extreme strips, PNGs with chunks that inflate enormously. */
public final class HostileImages {
    private HostileImages() {}

    /** Returns a {@code w} x {@code h} PNG of a gradient (a strip when one side is 1). */
    public static byte[] strip(int w, int h) {
        return png(TestImages.pattern(w, h));
    }

    /**
     * Returns a 64 x 64 PNG carrying a {@code type} chunk (zTXt, iTXt or iCCP) whose compressed
     * payload inflates to {@code inflatedBytes} zeros.
     */
    public static byte[] withChunkBomb(String type, int inflatedBytes) {
        byte[] png = png(TestImages.pattern(64, 64));
        byte[] header =
                switch (type) {
                    case "zTXt" -> "Comment\0\0".getBytes(StandardCharsets.ISO_8859_1);
                    case "iTXt" -> "Comment\0\1\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
                    case "iCCP" -> "icc\0\0".getBytes(StandardCharsets.ISO_8859_1);
                    default -> throw new IllegalArgumentException(type);
                };
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(header);
        body.writeBytes(deflatedZeros(inflatedBytes));
        byte[] chunk = chunk(type, body.toByteArray());
        // After the signature (8 bytes) and IHDR (25 bytes), before IDAT.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33);
        out.writeBytes(chunk);
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }

    private static final java.util.Map<Integer, byte[]> DEFLATED =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Returns {@code n} zeros deflated, made once per size: deflating a gigabyte takes a while. */
    private static byte[] deflatedZeros(int n) {
        return DEFLATED.computeIfAbsent(n, HostileImages::deflate);
    }

    private static byte[] deflate(int n) {
        Deflater d = new Deflater();
        byte[] zeros = new byte[1 << 20];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 << 10];
        for (int left = n; left > 0; left -= zeros.length) {
            d.setInput(zeros, 0, Math.min(left, zeros.length));
            while (!d.needsInput()) {
                out.write(buf, 0, d.deflate(buf));
            }
        }
        d.finish();
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length)
                .putInt(data.length)
                .put(name)
                .put(data)
                .putInt((int) crc.getValue())
                .array();
    }

    private static byte[] png(BufferedImage img) {
        return TestImages.encode(img, "png");
    }
}
