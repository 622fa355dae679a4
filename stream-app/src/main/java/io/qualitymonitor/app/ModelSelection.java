package io.qualitymonitor.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Returns one record of the model control topic: the bundle an application scores with from now on,
 * and the one it replaces (what {@code model rollback} goes back to). Keyed by the application id;
 * the topic is compacted, so the last record per application is its live model, read again by every
 * instance at start.
 *
 * @param action {@code promote} or {@code rollback}
 * @param dir the bundle folder or .zip, as every instance can read it
 * @param version the bundle's version; an instance refuses a bundle of another version
 * @param previousDir the bundle it replaces
 * @param previousVersion that bundle's version
 * @param timeMs when it was written, in epoch milliseconds
 */
public record ModelSelection(
        String action,
        String dir,
        String version,
        String previousDir,
        String previousVersion,
        long timeMs) {
    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Action of {@code model promote}. */
    public static final String PROMOTE = "promote";

    /** Action of {@code model rollback}. */
    public static final String ROLLBACK = "rollback";

    /** Returns the record as JSON bytes. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the selection in {@code json}; throws {@link IllegalArgumentException} if bad. */
    public static ModelSelection fromJson(byte[] json) {
        try {
            ModelSelection s = JSON.readValue(json, ModelSelection.class);
            if (s.dir() == null || s.version() == null) {
                throw new IllegalArgumentException("a model selection needs dir and version");
            }
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a model selection: " + e.getMessage(), e);
        }
    }
}
