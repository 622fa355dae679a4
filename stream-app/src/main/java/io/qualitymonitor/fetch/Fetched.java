package io.qualitymonitor.fetch;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Returns the bytes of a successfully fetched image reference, undecoded.
 *
 * @param bytes the body, at most {@code fetch.max.bytes} long; the caller must not modify it
 * @param contentType the declared or probed media type, or null when unknown (decoders sniff bytes)
 * @param finalUri where the bytes came from after redirects
 * @param attempts how many tries it took
 * @param elapsed wall time from the start of the first try to the end of the body
 */
public record Fetched(
        byte[] bytes, String contentType, URI finalUri, int attempts, Duration elapsed)
        implements FetchResult {

    /** Checks the required fields. */
    public Fetched {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(finalUri, "finalUri");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    @Override
    public String toString() {
        return "Fetched[" + bytes.length + " bytes, " + contentType + ", " + finalUri + "]";
    }
}
