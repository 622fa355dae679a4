package io.qualitymonitor.model.offline;

import io.qualitymonitor.image.ImageSource;
import io.qualitymonitor.image.ImageSourceException;
import java.util.Locale;

/**
 * Accepts {@code http(s)} references and fails each with a clear reason: the stand-in until the
 * composition root backs URLs with the safe fetcher (an {@link ImageSource} over {@code
 * fetch.SafeFetcher}).
 */
public final class UnwiredUrlSource implements ImageSource {
    @Override
    public boolean accepts(String reference) {
        String r = reference.toLowerCase(Locale.ROOT);
        return r.startsWith("http://") || r.startsWith("https://");
    }

    @Override
    public byte[] read(String reference, long maxBytes) throws ImageSourceException {
        throw new ImageSourceException(
                "UNSUPPORTED_SCHEME", "fetching http(s) URLs is not wired into this command yet");
    }
}
