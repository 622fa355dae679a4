package io.qualitymonitor.image;

import io.qualitymonitor.config.FetchConfig;
import io.qualitymonitor.config.MemoryConfig;

/**
 * Returns the caps a file must pass before its pixels are decoded, and the size it is decoded at.
 *
 * @param maxBytes the largest file accepted
 * @param maxPixels the largest width x height accepted, read from the header
 * @param maxWidth the widest image accepted, read from the header
 * @param maxHeight the tallest image accepted, read from the header
 * @param maxAspectRatio the largest ratio of the longer side to the shorter accepted
 * @param workingPixels the most pixels kept after decoding: a larger image is decoded subsampled
 *     (every k-th pixel of every k-th row, the reader skipping the rest) until it fits; 0 for no
 *     limit
 */
public record DecodeLimits(
        long maxBytes,
        long maxPixels,
        int maxWidth,
        int maxHeight,
        double maxAspectRatio,
        long workingPixels) {
    /** The defaults: 20 MiB, 50 megapixels, 30000 px a side, 50:1, decoded at full size. */
    public static final DecodeLimits DEFAULT = new DecodeLimits(20L * 1024 * 1024, 50_000_000L);

    /** Bytes one decoded pixel costs while it waits for the model ({@code TYPE_INT_RGB}). */
    public static final int RETAINED_BYTES_PER_PIXEL = 4;

    /** Returns caps on bytes and pixels only, with the default side and aspect caps. */
    public DecodeLimits(long maxBytes, long maxPixels) {
        this(maxBytes, maxPixels, 30_000, 30_000, 50.0, 0);
    }

    /** Returns the caps of the fetch policy, so a fetched image and a local file obey the same. */
    public static DecodeLimits from(FetchConfig fetch) {
        return new DecodeLimits(
                fetch.maxBytes(),
                fetch.maxPixels(),
                fetch.maxWidth(),
                fetch.maxHeight(),
                fetch.maxAspectRatio(),
                0);
    }

    /**
     * Returns the caps of the fetch policy with the working size the memory budget leaves each
     * image waiting for the model: half the budget shared by the images in flight.
     */
    public static DecodeLimits from(FetchConfig fetch, MemoryConfig memory) {
        long share = memory.budgetBytes() / 2 / RETAINED_BYTES_PER_PIXEL / memory.imagesInFlight();
        return from(fetch).withWorkingPixels(share);
    }

    /** Returns these caps keeping at most {@code pixels} after decoding (0: no limit). */
    public DecodeLimits withWorkingPixels(long pixels) {
        return new DecodeLimits(maxBytes, maxPixels, maxWidth, maxHeight, maxAspectRatio, pixels);
    }

    /**
     * Returns the subsampling step k (1 = every pixel) that brings a {@code width} x {@code height}
     * image within {@link #workingPixels}.
     */
    public int subsampling(int width, int height) {
        long pixels = (long) width * height;
        if (workingPixels <= 0 || pixels <= workingPixels) {
            return 1;
        }
        int k = (int) Math.ceil(Math.sqrt(pixels / (double) workingPixels));
        while (Math.ceilDiv(width, k) * (long) Math.ceilDiv(height, k) > workingPixels) {
            k++;
        }
        return k;
    }
}
