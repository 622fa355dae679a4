package io.qualitymonitor.stream;

import io.qualitymonitor.config.OneLine;
import io.qualitymonitor.schemas.DeadLetterReason;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.scoring.ImagePreparer;
import io.qualitymonitor.scoring.Prepared;
import io.qualitymonitor.serde.RegistryException;
import io.qualitymonitor.serde.RegistryOutage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the {@code ImageUpload} of a buffered record and starts preparing its image with the {@link
 * ImagePreparer}; a record that is not a readable upload is prepared as a BAD_RECORD failure.
 * Nothing escapes as an exception.
 *
 * <p>A record whose writer schema the registry cannot give now (an outage, or refused credentials)
 * is neither lost nor dead-lettered: it waits on a virtual thread, which {@link RegistryOutage}
 * lets try again each interval, and is prepared once read. While the registry is known to be down,
 * records needing it go straight to waiting, so the stream thread never blocks on the registry.
 */
public final class UploadPreparer {
    private final Deserializer<ImageUpload> deserializer;
    private final RegistryOutage outage;
    private final ImagePreparer images;

    /** Returns a preparer that reads uploads with {@code deserializer}. */
    public UploadPreparer(
            Deserializer<ImageUpload> deserializer, RegistryOutage outage, ImagePreparer images) {
        this.deserializer = deserializer;
        this.outage = outage;
        this.images = images;
    }

    /** Returns {@code r} with its upload read (or waiting to be) and its image being prepared. */
    public PendingUpload prepare(BufferedRecord r) {
        if (!outage.isKnownDown()) {
            try {
                return prepared(r, read(r));
            } catch (RegistryException e) {
                if (!RegistryOutage.isWorthWaiting(e)) {
                    return prepared(r, failed(OneLine.of(e)));
                }
                outage.failed(e);
            }
        }
        return prepared(r, awaitRead(r));
    }

    private CompletableFuture<ImageUpload> read(BufferedRecord r) {
        try {
            return CompletableFuture.completedFuture(
                    deserializer.deserialize(r.id().topic(), r.value()));
        } catch (SerializationException e) {
            return failed(OneLine.of(e));
        }
    }

    /** Returns the upload read on a virtual thread that waits through the outage. */
    private CompletableFuture<ImageUpload> awaitRead(BufferedRecord r) {
        CompletableFuture<ImageUpload> upload = new CompletableFuture<>();
        Thread.ofVirtual()
                .name("registry-wait-" + r.id().storeKey())
                .start(
                        () -> {
                            try {
                                upload.complete(
                                        outage.await(
                                                () ->
                                                        deserializer.deserialize(
                                                                r.id().topic(), r.value()),
                                                upload::isDone));
                            } catch (SerializationException | RegistryException e) {
                                upload.completeExceptionally(new UnreadableUpload(OneLine.of(e)));
                            } catch (RuntimeException e) {
                                upload.completeExceptionally(e);
                            }
                        });
        return upload;
    }

    private static CompletableFuture<ImageUpload> failed(String message) {
        return CompletableFuture.failedFuture(new UnreadableUpload(message));
    }

    private PendingUpload prepared(BufferedRecord r, CompletableFuture<ImageUpload> read) {
        CompletableFuture<Prepared> prepared =
                read.handle(
                                (upload, error) -> {
                                    if (error != null) {
                                        return bad(message(error));
                                    }
                                    if (upload == null) {
                                        return bad("record has no value");
                                    }
                                    return images.prepare(
                                            upload.getImageUri(), upload.getContentSha256());
                                })
                        .thenCompose(f -> f);
        return new PendingUpload(r, read, prepared);
    }

    private static String message(Throwable error) {
        Throwable e =
                error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
        return e instanceof UnreadableUpload ? e.getMessage() : OneLine.of(e);
    }

    private static CompletableFuture<Prepared> bad(String message) {
        return CompletableFuture.completedFuture(
                new Prepared.Failed(DeadLetterReason.BAD_RECORD, message, 0));
    }

    /** The reason a record is not a readable upload, carried to its dead letter. */
    private static final class UnreadableUpload extends RuntimeException {
        UnreadableUpload(String message) {
            super(message, null, false, false);
        }
    }
}
