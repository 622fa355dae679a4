package io.qualitymonitor.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.qualitymonitor.schemas.DeadLetterReason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT);

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg", "bmp", "gif"})
    void shouldDecodeEveryCommonFormatToRgbOfTheSameSize(String format) throws Exception {
        // Given an image encoded in the format
        byte[] bytes = TestImages.encode(TestImages.pattern(64, 48), format);
        // When it is decoded
        DecodedImage img = decoder.decode(bytes);
        // Then it is RGB with the original size
        assertThat(img.rgb().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(img.width()).isEqualTo(64);
        assertThat(img.height()).isEqualTo(48);
    }

    @Test
    void shouldFailZeroBytesAsNotAnImage() {
        ImageDecodeException e = decodeFailure(new byte[0]);
        assertThat(e.reason()).isEqualTo(DeadLetterReason.NOT_AN_IMAGE);
    }

    @Test
    void shouldFailTextAsNotAnImage() {
        ImageDecodeException e =
                decodeFailure(
                        "<html>hello, this is not a picture</html>"
                                .getBytes(StandardCharsets.UTF_8));
        assertThat(e.reason()).isEqualTo(DeadLetterReason.NOT_AN_IMAGE);
    }

    @Test
    void shouldFailBinaryNoiseStartingWithZerosAsNotAnImage() {
        byte[] noise = new byte[4096];
        new java.util.Random(7).nextBytes(noise);
        noise[0] = 0;
        noise[1] = 0;
        assertThat(decodeFailure(noise).reason()).isEqualTo(DeadLetterReason.NOT_AN_IMAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpg", "png"})
    void shouldFailATruncatedFileAsDecodeFailed(String format) {
        // Given the first 60% of a valid file
        byte[] full = TestImages.encode(TestImages.pattern(256, 256), format);
        byte[] truncated = Arrays.copyOf(full, full.length * 6 / 10);
        // When / Then decoding reports a corrupt file
        assertThat(decodeFailure(truncated).reason()).isEqualTo(DeadLetterReason.DECODE_FAILED);
    }

    @Test
    void shouldRejectAHugeHeaderBeforeDecodingPixels() {
        // Given a PNG header declaring 30000 x 30000 pixels (900 MP) and no real data
        byte[] bytes = pngHeaderOnly(30_000, 30_000);
        // When it is decoded
        ImageDecodeException e = decodeFailure(bytes);
        // Then the pixel cap is named, without an out-of-memory on the way
        assertThat(e.reason()).isEqualTo(DeadLetterReason.TOO_MANY_PIXELS);
        assertThat(e.getMessage())
                .contains("30000x30000")
                .endsWith("over fetch.max.pixels=50000000");
    }

    @Test
    void shouldRejectAJpegWithAHugeHeaderBeforeDecodingPixels() {
        // Given a real JPEG whose SOF0 frame header is rewritten to 30000 x 30000
        byte[] bytes = TestImages.encode(TestImages.pattern(32, 32), "jpg");
        int sof = indexOf(bytes, (byte) 0xFF, (byte) 0xC0);
        ByteBuffer.wrap(bytes, sof + 5, 4).putShort((short) 30000).putShort((short) 30000);
        // When / Then
        assertThat(decodeFailure(bytes).reason()).isEqualTo(DeadLetterReason.TOO_MANY_PIXELS);
    }

    @Test
    void shouldRejectAFileOverTheByteCap() {
        ImageDecoder small = new ImageDecoder(new DecodeLimits(100, 50_000_000));
        byte[] bytes = TestImages.encode(TestImages.pattern(64, 64), "png");
        ImageDecodeException e =
                catchThrowableOfType(ImageDecodeException.class, () -> small.decode(bytes));
        assertThat(e.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(e.getMessage()).endsWith("over fetch.max.bytes=100");
    }

    @Test
    void shouldKeepGreyLevelsOfAGreyscaleImage() throws Exception {
        // Given an 8-bit greyscale PNG of level 100
        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSamples(0, 0, 16, 16, 0, filled(256, 100));
        // When it is decoded
        DecodedImage img = decoder.decode(TestImages.encode(grey, "png"));
        // Then each channel holds 100 (not brightened by a linear-light conversion)
        assertThat(img.rgb().getRGB(5, 5) & 0xffffff).isEqualTo(0x646464);
    }

    @Test
    void shouldScaleSixteenBitGreyToEightBits() throws Exception {
        BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY);
        grey.getRaster().setSamples(0, 0, 8, 8, 0, filled(64, 65535));
        DecodedImage img = decoder.decode(TestImages.encode(grey, "png"));
        assertThat(img.rgb().getRGB(3, 3) & 0xffffff).isEqualTo(0xffffff);
    }

    @Test
    void shouldComposeTransparentPixelsOverWhite() throws Exception {
        BufferedImage argb = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 1, 0x00ff0000);
        argb.setRGB(2, 2, 0xff0000ff);
        DecodedImage img = decoder.decode(TestImages.encode(argb, "png"));
        assertThat(img.rgb().getRGB(1, 1) & 0xffffff).isEqualTo(0xffffff);
        assertThat(img.rgb().getRGB(2, 2) & 0xffffff).isEqualTo(0x0000ff);
    }

    private ImageDecodeException decodeFailure(byte[] bytes) {
        ImageDecodeException e =
                catchThrowableOfType(ImageDecodeException.class, () -> decoder.decode(bytes));
        assertThat(e).as("decode must fail with a typed error").isNotNull();
        return e;
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    private static int indexOf(byte[] a, byte b0, byte b1) {
        for (int i = 0; i + 1 < a.length; i++) {
            if (a[i] == b0 && a[i + 1] == b1) {
                return i;
            }
        }
        throw new IllegalStateException("marker not found");
    }

    /** Returns a PNG signature and an IHDR chunk (8-bit RGB) declaring {@code w} x {@code h}. */
    static byte[] pngHeaderOnly(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(w).putInt(h);
        ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        out.writeBytes(ByteBuffer.allocate(4).putInt(13).array());
        out.writeBytes(ihdr.array());
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return out.toByteArray();
    }
}
