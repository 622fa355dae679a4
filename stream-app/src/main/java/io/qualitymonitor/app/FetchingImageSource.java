package io.qualitymonitor.app;

import io.qualitymonitor.fetch.FetchFailure;
import io.qualitymonitor.fetch.Fetched;
import io.qualitymonitor.fetch.SafeFetcher;
import io.qualitymonitor.image.ImageSource;
import io.qualitymonitor.image.ImageSourceException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Reads {@code http(s)} image references through the safe fetcher, with the same policy as the
 * stream (address block, scheme allow-list, byte and time caps, retries); failures carry the
 * dead-letter reason name.
 */
public final class FetchingImageSource implements ImageSource {
    private final SafeFetcher fetcher;

    /** Uses {@code fetcher}, which its owner closes. */
    public FetchingImageSource(SafeFetcher fetcher) {
        this.fetcher = fetcher;
    }

    @Override
    public boolean accepts(String reference) {
        String r = reference.toLowerCase(Locale.ROOT);
        return r.startsWith("http://") || r.startsWith("https://");
    }

    @Override
    public byte[] read(String reference, long maxBytes) throws ImageSourceException {
        URI uri;
        try {
            uri = new URI(reference);
        } catch (URISyntaxException e) {
            throw new ImageSourceException("FETCH_FAILED", "not a URI: " + e.getMessage());
        }
        return switch (fetcher.fetch(uri)) {
            case Fetched f -> f.bytes();
            case FetchFailure f -> throw new ImageSourceException(f.reason().name(), f.message());
        };
    }
}
