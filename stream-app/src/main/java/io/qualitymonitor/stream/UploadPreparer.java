package io.qualitymonitor.stream;

import io.qualitymonitor.fetch.FetchFailure;
import io.qualitymonitor.fetch.Fetched;
import io.qualitymonitor.fetch.SafeFetcher;
import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.image.ImageDecodeException;
import io.qualitymonitor.image.ImageDecoder;
import io.qualitymonitor.schemas.DeadLetterReason;
import io.qualitymonitor.schemas.ImageUpload;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Prepares one buffered upload for the model, off the stream thread: reads the record, fetches the
 * image safely and decodes it. Every failure becomes a {@link Prepared.Failed} with its dead-letter
 * reason; nothing escapes as an exception.
 */
public final class UploadPreparer {
    private final Deserializer<ImageUpload> deserializer;
    private final SafeFetcher fetcher;
    private final ImageDecoder decoder;
    private final ExecutorService decodePool;

    /**
     * @param decodePool runs decoding after the fetch completes (virtual threads suit it: decode
     *     waits on nothing, but the pool bounds nothing either, the fetcher's permits do)
     */
    public UploadPreparer(
            Deserializer<ImageUpload> deserializer,
            SafeFetcher fetcher,
            ImageDecoder decoder,
            ExecutorService decodePool) {
        this.deserializer = deserializer;
        this.fetcher = fetcher;
        this.decoder = decoder;
        this.decodePool = decodePool;
    }

    /** Starts preparing {@code p}; the future always completes normally. */
    public CompletableFuture<Prepared> prepare(PendingUpload p) {
        ImageUpload upload;
        try {
            upload = deserializer.deserialize(p.topic(), p.value());
            if (upload == null) {
                return done(failed(null, DeadLetterReason.BAD_RECORD, "record has no value", 0));
            }
        } catch (SerializationException e) {
            return done(failed(null, DeadLetterReason.BAD_RECORD, oneLine(e), 0));
        }
        URI uri;
        try {
            uri = new URI(upload.getImageUri());
        } catch (URISyntaxException e) {
            return done(
                    failed(
                            upload,
                            DeadLetterReason.FETCH_FAILED,
                            "not a URI: " + e.getMessage(),
                            0));
        }
        long t0 = System.nanoTime();
        return fetcher.fetchAsync(uri)
                .thenApplyAsync(
                        r ->
                                switch (r) {
                                    case FetchFailure f ->
                                            failed(
                                                    upload,
                                                    DeadLetterReason.valueOf(f.reason().name()),
                                                    f.message(),
                                                    f.attempts());
                                    case Fetched f ->
                                            decode(upload, f, (System.nanoTime() - t0) / 1e6);
                                },
                        decodePool)
                .exceptionally(e -> failed(upload, DeadLetterReason.FETCH_FAILED, oneLine(e), 1));
    }

    private Prepared decode(ImageUpload upload, Fetched f, double fetchMs) {
        String expected = upload.getContentSha256();
        if (expected != null && !expected.equalsIgnoreCase(sha256(f.bytes()))) {
            return failed(
                    upload,
                    DeadLetterReason.FETCH_FAILED,
                    "content SHA-256 differs from the declared contentSha256",
                    f.attempts());
        }
        try {
            DecodedImage image = decoder.decode(f.bytes());
            return new Prepared.Ready(upload, image, fetchMs, f.attempts());
        } catch (ImageDecodeException e) {
            return failed(
                    upload,
                    DeadLetterReason.valueOf(e.reason().name()),
                    e.getMessage(),
                    f.attempts());
        }
    }

    private static Prepared.Failed failed(
            ImageUpload u, DeadLetterReason reason, String message, int attempts) {
        return new Prepared.Failed(u, reason, message, attempts);
    }

    private static CompletableFuture<Prepared> done(Prepared p) {
        return CompletableFuture.completedFuture(p);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String oneLine(Throwable e) {
        Throwable root = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
