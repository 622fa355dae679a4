package io.qualitymonitor.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Returns synthetic distortions at five levels of growing strength, for controlled checks that
 * scores fall as an image degrades: Gaussian blur, Gaussian noise, JPEG compression.
 */
public enum Distortion {
    /** Gaussian blur, sigma 0.5, 1, 2, 3, 5 pixels. */
    BLUR(0.5, 1, 2, 3, 5),
    /** Additive Gaussian noise (seeded), standard deviation 5, 10, 20, 35, 50 of 255. */
    NOISE(5, 10, 20, 35, 50),
    /** JPEG re-compression at quality 70, 50, 30, 15, 5 (of 100). */
    JPEG(70, 50, 30, 15, 5);

    /** The number of levels; level 0 is the image itself. */
    public static final int LEVELS = 5;

    private final double[] strength;

    Distortion(double... strength) {
        this.strength = strength;
    }

    /** Returns {@code src} (RGB) distorted at {@code level} 1-5; level 0 returns {@code src}. */
    public BufferedImage apply(BufferedImage src, int level) {
        if (level < 0 || level > LEVELS) {
            throw new IllegalArgumentException("level must be 0-" + LEVELS + ", got " + level);
        }
        if (level == 0) {
            return src;
        }
        double s = strength[level - 1];
        return switch (this) {
            case BLUR -> blur(src, s);
            case NOISE -> noise(src, s, new Random(1000L + level));
            case JPEG -> jpeg(src, (float) (s / 100.0));
        };
    }

    private static BufferedImage blur(BufferedImage src, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * r + 1];
        float sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        int[] px = Pixels.rgb(src);
        int[] tmp = new int[w * h];
        int[] out = new int[w * h];
        pass(px, tmp, w, h, k, r, 1, w);
        pass(tmp, out, h, w, k, r, w, 1);
        return image(out, w, h);
    }

    /**
     * Convolves along lines of {@code len} pixels spaced {@code step}, lines {@code stride} apart.
     */
    private static void pass(
            int[] in, int[] out, int len, int lines, float[] k, int r, int step, int stride) {
        for (int line = 0; line < lines; line++) {
            int base = line * stride;
            for (int i = 0; i < len; i++) {
                float rs = 0;
                float gs = 0;
                float bs = 0;
                for (int j = -r; j <= r; j++) {
                    int p = in[base + Math.min(len - 1, Math.max(0, i + j)) * step];
                    float kw = k[j + r];
                    rs += kw * ((p >> 16) & 0xff);
                    gs += kw * ((p >> 8) & 0xff);
                    bs += kw * (p & 0xff);
                }
                out[base + i * step] =
                        (Math.round(rs) << 16) | (Math.round(gs) << 8) | Math.round(bs);
            }
        }
    }

    private static BufferedImage noise(BufferedImage src, double sd, Random rnd) {
        int[] px = Pixels.rgb(src);
        int[] out = new int[px.length];
        for (int i = 0; i < px.length; i++) {
            int v = 0;
            for (int shift = 16; shift >= 0; shift -= 8) {
                int c = (int) Math.round(((px[i] >> shift) & 0xff) + rnd.nextGaussian() * sd);
                v |= Math.max(0, Math.min(255, c)) << shift;
            }
            out[i] = v;
        }
        return image(out, src.getWidth(), src.getHeight());
    }

    private static BufferedImage jpeg(BufferedImage src, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(src, null, null), p);
            out.flush();
            return RgbConverter.toRgb(ImageIO.read(new ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    private static BufferedImage image(int[] px, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, px, 0, w);
        return img;
    }
}
