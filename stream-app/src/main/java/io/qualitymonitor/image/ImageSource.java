package io.qualitymonitor.image;

/**
 * Returns the bytes of an image named by a reference (a path, a {@code file:} or {@code http(s)}
 * URL). The seam between "where images come from" and decoding: files are read by {@link
 * FileImageSource}; URLs by a source backed by the safe fetcher.
 */
public interface ImageSource {

    /** Returns whether this source reads references like {@code reference}. */
    boolean accepts(String reference);

    /**
     * Returns the image's bytes, at most {@code maxBytes}; throws {@link ImageDecodeException} with
     * {@link DecodeFailure#TOO_LARGE} when there are more, or another reason when unreadable.
     */
    byte[] read(String reference, long maxBytes) throws ImageSourceException;
}
