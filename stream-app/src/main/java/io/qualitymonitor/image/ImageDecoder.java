package io.qualitymonitor.image;

import io.qualitymonitor.config.FetchConfig;
import io.qualitymonitor.config.OneLine;
import io.qualitymonitor.schemas.DeadLetterReason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes untrusted bytes into upright 8-bit RGB: JPEG (incl. CMYK, progressive), PNG (16-bit,
 * alpha, palette), WebP, GIF (first frame), BMP, TIFF.
 *
 * <p>The byte cap is checked first, then the width, height, aspect ratio and pixels from the
 * header, before any pixel is allocated. An image over the working size is decoded subsampled, the
 * reader skipping rows and columns, so it never costs its full-size buffers; each decode waits for
 * its buffers to fit the {@link DecodeBudget}. Metadata is not read (a PNG's text and ICC chunks
 * are skipped, not inflated). Every failure, an {@link OutOfMemoryError} included, is an {@link
 * ImageDecodeException} with its {@link DeadLetterReason}; nothing else escapes. Thread-safe: one
 * instance serves all threads.
 */
public final class ImageDecoder {
    private final DecodeLimits limits;
    private final DecodeBudget budget;

    /** Returns a decoder that enforces {@code limits}, with no budget for decoding buffers. */
    public ImageDecoder(DecodeLimits limits) {
        this(limits, DecodeBudget.unbounded());
    }

    /** Returns a decoder that enforces {@code limits} and decodes within {@code budget}. */
    public ImageDecoder(DecodeLimits limits, DecodeBudget budget) {
        this.limits = limits;
        this.budget = budget;
    }

    /** Returns the caps this decoder enforces. */
    public DecodeLimits limits() {
        return limits;
    }

    /** Returns the decoded image, or throws with the reason it cannot be decoded. */
    public DecodedImage decode(byte[] bytes) throws ImageDecodeException {
        long start = System.nanoTime();
        if (bytes == null || bytes.length == 0) {
            throw new ImageDecodeException(DeadLetterReason.NOT_AN_IMAGE, "empty file (0 bytes)");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ImageDecodeException(
                    DeadLetterReason.TOO_LARGE,
                    "file has "
                            + bytes.length
                            + " bytes, over "
                            + FetchConfig.MAX_BYTES
                            + "="
                            + limits.maxBytes());
        }
        try {
            Raw raw = read(bytes);
            BufferedImage rgb = raw.image();
            int orientation = ExifOrientation.read(bytes, raw.format());
            rgb = ExifOrientation.apply(rgb, orientation);
            return new DecodedImage(rgb, raw.format(), System.nanoTime() - start);
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageDecodeException(
                    DeadLetterReason.DECODE_FAILED,
                    "corrupt or truncated image: " + OneLine.of(e),
                    e);
        } catch (OutOfMemoryError e) {
            // This image's buffers did not fit: it alone fails; the thread and the others go on.
            throw new ImageDecodeException(
                    DeadLetterReason.TOO_MANY_PIXELS, "out of memory while decoding the image", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageDecodeException(
                    DeadLetterReason.DECODE_FAILED, "interrupted while waiting to decode");
        } catch (StackOverflowError | InternalError e) {
            throw new ImageDecodeException(
                    DeadLetterReason.DECODE_FAILED,
                    "the decoder failed on this image: " + OneLine.of(e),
                    e);
        }
    }

    private record Raw(BufferedImage image, String format) {}

    private Raw read(byte[] bytes) throws IOException, ImageDecodeException, InterruptedException {
        try (ImageInputStream in =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(in);
            try {
                reader.setInput(in, true, true);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                checkPixels(width, height);
                checkSides(width, height);
                int k = limits.subsampling(width, height);
                ImageReadParam param = reader.getDefaultReadParam();
                if (k > 1) {
                    param.setSourceSubsampling(k, k, 0, 0);
                }
                TruncationListener truncation = new TruncationListener();
                reader.addIIOReadWarningListener(truncation);
                BufferedImage image;
                long kept = Math.ceilDiv(width, k) * (long) Math.ceilDiv(height, k);
                try (DecodeBudget.Grant g = budget.acquire(kept)) {
                    image = RgbConverter.toRgb(reader.read(0, param));
                }
                if (truncation.warning != null) {
                    throw new ImageDecodeException(
                            DeadLetterReason.DECODE_FAILED,
                            "truncated image data (" + truncation.warning + ")");
                }
                return new Raw(image, format);
            } finally {
                reader.dispose();
            }
        }
    }

    private static ImageReader readerFor(ImageInputStream in) throws ImageDecodeException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            // WBMP has no magic number: its reader claims arbitrary binary files.
            if (!reader.getOriginatingProvider().getFormatNames()[0].equalsIgnoreCase("wbmp")) {
                return reader;
            }
        }
        throw new ImageDecodeException(
                DeadLetterReason.NOT_AN_IMAGE, "not an image in a known format");
    }

    private void checkPixels(int width, int height) throws ImageDecodeException {
        long pixels = (long) width * height;
        if (width <= 0 || height <= 0) {
            throw new ImageDecodeException(
                    DeadLetterReason.DECODE_FAILED, "header declares " + width + "x" + height);
        }
        if (pixels > limits.maxPixels()) {
            throw new ImageDecodeException(
                    DeadLetterReason.TOO_MANY_PIXELS,
                    sizeOf(width, height)
                            + " ("
                            + pixels
                            + " pixels), over "
                            + FetchConfig.MAX_PIXELS
                            + "="
                            + limits.maxPixels());
        }
    }

    private static String sizeOf(int width, int height) {
        return "image is " + width + "x" + height;
    }

    private void checkSides(int width, int height) throws ImageDecodeException {
        if (width > limits.maxWidth() || height > limits.maxHeight()) {
            throw new ImageDecodeException(
                    DeadLetterReason.TOO_MANY_PIXELS,
                    sizeOf(width, height)
                            + ", over "
                            + FetchConfig.MAX_WIDTH
                            + "="
                            + limits.maxWidth()
                            + " or "
                            + FetchConfig.MAX_HEIGHT
                            + "="
                            + limits.maxHeight());
        }
        double ratio = Math.max(width, height) / (double) Math.min(width, height);
        if (ratio > limits.maxAspectRatio()) {
            throw new ImageDecodeException(
                    DeadLetterReason.TOO_MANY_PIXELS,
                    String.format(
                            Locale.ROOT,
                            "image is %dx%d, aspect ratio %.0f:1 over %s=%s",
                            width,
                            height,
                            ratio,
                            FetchConfig.MAX_ASPECT_RATIO,
                            limits.maxAspectRatio()));
        }
    }

    /** Remembers the decoder's warning that the data ended early (libjpeg fills the rest grey). */
    private static final class TruncationListener implements IIOReadWarningListener {
        private String warning;

        @Override
        public void warningOccurred(ImageReader source, String message) {
            String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
            if (warning == null
                    && (m.contains("premature end")
                            || m.contains("truncat")
                            || m.contains("eof"))) {
                warning = message;
            }
        }
    }
}
