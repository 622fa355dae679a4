package io.qualitymonitor.scoring;

import io.qualitymonitor.config.FetchConfig;
import io.qualitymonitor.config.MemoryConfig;
import io.qualitymonitor.config.OneLine;
import io.qualitymonitor.fetch.FetchFailure;
import io.qualitymonitor.fetch.Fetched;
import io.qualitymonitor.fetch.SafeFetcher;
import io.qualitymonitor.fetch.UriCredentials;
import io.qualitymonitor.image.DecodeBudget;
import io.qualitymonitor.image.DecodeLimits;
import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.image.ImageDecodeException;
import io.qualitymonitor.image.ImageDecoder;
import io.qualitymonitor.schemas.DeadLetterReason;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Prepares one image for the model, off the caller's thread: fetches it through the {@link
 * SafeFetcher}, checks its declared SHA-256 and decodes it. Every failure becomes a {@link
 * Prepared.Failed} with its dead-letter reason; nothing escapes as an exception.
 */
public final class ImagePreparer implements AutoCloseable {
    private final SafeFetcher fetcher;
    private final ImageDecoder decoder;
    private final ExecutorService decodePool;
    private final boolean owner;

    /**
     * Returns a preparer over shared collaborators, which their owner closes.
     *
     * @param decodePool runs decoding after the fetch completes (virtual threads suit it: decode
     *     waits on nothing, but the pool bounds nothing either, the fetcher's permits do)
     */
    public ImagePreparer(SafeFetcher fetcher, ImageDecoder decoder, ExecutorService decodePool) {
        this(fetcher, decoder, decodePool, false);
    }

    private ImagePreparer(
            SafeFetcher fetcher, ImageDecoder decoder, ExecutorService decodePool, boolean owner) {
        this.fetcher = fetcher;
        this.decoder = decoder;
        this.decodePool = decodePool;
        this.owner = owner;
    }

    /**
     * Returns a preparer with a fetcher and decoder of its own, for the files and URLs a user names
     * on the command line ({@link FetchConfig#withLocalFiles()}); closing it closes them.
     */
    public static ImagePreparer forCommandLine(FetchConfig fetch, MemoryConfig memory) {
        return new ImagePreparer(
                new SafeFetcher(
                        fetch.withLocalFiles().withMaxConcurrency(memory.fetchSlots(fetch))),
                decoder(fetch, memory),
                Executors.newVirtualThreadPerTaskExecutor(),
                true);
    }

    /**
     * Returns the decoder of the memory budget: a quarter of it for decoding buffers, and images
     * kept at the working size that half of it leaves each image in flight.
     */
    public static ImageDecoder decoder(FetchConfig fetch, MemoryConfig memory) {
        return new ImageDecoder(
                DecodeLimits.from(fetch, memory), new DecodeBudget(memory.budgetBytes() / 4));
    }

    /**
     * Starts preparing the image at {@code uri}; the future always completes normally.
     *
     * @param expectedSha256 the hex SHA-256 the bytes must have, or null to skip the check
     */
    public CompletableFuture<Prepared> prepare(String uri, String expectedSha256) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return CompletableFuture.completedFuture(
                    failed(DeadLetterReason.FETCH_FAILED, "not a URI: " + e.getMessage(), 0));
        }
        long t0 = System.nanoTime();
        return fetcher.fetchAsync(parsed)
                .thenApplyAsync(
                        r ->
                                switch (r) {
                                    case FetchFailure f ->
                                            failed(f.reason(), f.message(), f.attempts());
                                    case Fetched f ->
                                            decode(
                                                    f,
                                                    expectedSha256,
                                                    (System.nanoTime() - t0) / 1e6);
                                },
                        decodePool)
                .exceptionally(e -> failed(DeadLetterReason.FETCH_FAILED, OneLine.of(e), 1));
    }

    private Prepared decode(Fetched f, String expectedSha256, double fetchMs) {
        if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(sha256(f.bytes()))) {
            return failed(
                    DeadLetterReason.FETCH_FAILED,
                    "content SHA-256 differs from the declared contentSha256",
                    f.attempts());
        }
        try {
            DecodedImage image = decoder.decode(f.bytes());
            return new Prepared.Ready(image, fetchMs, f.attempts());
        } catch (ImageDecodeException e) {
            return failed(e.reason(), e.getMessage(), f.attempts());
        } catch (OutOfMemoryError e) {
            // Past the decoder (orientation, hashing): still this image's failure alone.
            return failed(
                    DeadLetterReason.TOO_MANY_PIXELS,
                    "out of memory preparing the image",
                    f.attempts());
        }
    }

    private static Prepared.Failed failed(DeadLetterReason reason, String message, int attempts) {
        // Fetch messages quote the URI: its user:password@ never reaches a dead letter or a row.
        return new Prepared.Failed(reason, UriCredentials.strip(message), attempts);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Closes the fetcher and the decode pool when this preparer made them; else nothing. */
    @Override
    public void close() {
        if (owner) {
            fetcher.close();
            decodePool.shutdownNow();
        }
    }
}
