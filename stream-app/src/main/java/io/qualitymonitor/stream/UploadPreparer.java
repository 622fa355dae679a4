package io.qualitymonitor.stream;

import io.qualitymonitor.config.OneLine;
import io.qualitymonitor.schemas.DeadLetterReason;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.scoring.ImagePreparer;
import io.qualitymonitor.scoring.Prepared;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the {@code ImageUpload} of a buffered record and starts preparing its image with the {@link
 * ImagePreparer}; a record that is not a readable upload is prepared as a BAD_RECORD failure.
 * Nothing escapes as an exception.
 */
public final class UploadPreparer {
    private final Deserializer<ImageUpload> deserializer;
    private final ImagePreparer images;

    /** Returns a preparer that reads uploads with {@code deserializer}. */
    public UploadPreparer(Deserializer<ImageUpload> deserializer, ImagePreparer images) {
        this.deserializer = deserializer;
        this.images = images;
    }

    /** Returns {@code r} with its upload read and its image being prepared. */
    public PendingUpload prepare(BufferedRecord r) {
        ImageUpload upload;
        try {
            upload = deserializer.deserialize(r.id().topic(), r.value());
        } catch (SerializationException e) {
            return badRecord(r, OneLine.of(e));
        }
        if (upload == null) {
            return badRecord(r, "record has no value");
        }
        return new PendingUpload(
                r, upload, images.prepare(upload.getImageUri(), upload.getContentSha256()));
    }

    private static PendingUpload badRecord(BufferedRecord r, String message) {
        return new PendingUpload(
                r,
                null,
                CompletableFuture.completedFuture(
                        new Prepared.Failed(DeadLetterReason.BAD_RECORD, message, 0)));
    }
}
