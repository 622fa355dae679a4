package io.qualitymonitor.image;

import io.qualitymonitor.config.FetchConfig;

/**
 * Returns the caps a file must pass before its pixels are decoded.
 *
 * @param maxBytes the largest file accepted
 * @param maxPixels the largest width x height accepted, read from the header
 */
public record DecodeLimits(long maxBytes, long maxPixels) {
    /** The defaults: 20 MiB and 50 megapixels. */
    public static final DecodeLimits DEFAULT = new DecodeLimits(20L * 1024 * 1024, 50_000_000L);

    /** Returns the caps of the fetch policy, so a fetched image and a local file obey the same. */
    public static DecodeLimits from(FetchConfig fetch) {
        return new DecodeLimits(fetch.maxBytes(), fetch.maxPixels());
    }
}
