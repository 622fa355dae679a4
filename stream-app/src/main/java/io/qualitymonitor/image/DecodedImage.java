package io.qualitymonitor.image;

import java.awt.image.BufferedImage;

/**
 * Returns a decoded image as 8-bit RGB ({@link BufferedImage#TYPE_INT_RGB}), upright per EXIF.
 *
 * @param rgb the pixels, type {@code TYPE_INT_RGB}
 * @param format the decoder's format name, e.g. {@code jpeg}
 * @param decodeNanos time spent decoding and converting
 */
public record DecodedImage(BufferedImage rgb, String format, long decodeNanos) {
    /** Returns the width in pixels, after orientation. */
    public int width() {
        return rgb.getWidth();
    }

    /** Returns the height in pixels, after orientation. */
    public int height() {
        return rgb.getHeight();
    }

    /** Returns the decode time in milliseconds. */
    public double decodeMs() {
        return decodeNanos / 1e6;
    }
}
