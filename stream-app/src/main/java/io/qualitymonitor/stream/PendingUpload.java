package io.qualitymonitor.stream;

import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.scoring.Prepared;
import java.util.concurrent.CompletableFuture;

/**
 * Returns an upload waiting in memory for its batch: the record as read, the reading of its upload
 * (done at once, or later when the record waits on the Schema Registry) and its preparation.
 *
 * @param record the record as read, also kept in the buffer store for recovery
 * @param read the upload once read; it fails when the record is not a readable {@code ImageUpload}
 * @param prepared the fetch and decode of its image (or the reason the record is unreadable)
 */
public record PendingUpload(
        BufferedRecord record,
        CompletableFuture<ImageUpload> read,
        CompletableFuture<Prepared> prepared) {

    /** Returns the upload, or null when it is unreadable or not read yet. */
    public ImageUpload upload() {
        return read.isDone() && !read.isCompletedExceptionally() ? read.join() : null;
    }

    /**
     * Returns true once the upload is read (or known unreadable): it no longer waits on the
     * registry.
     */
    public boolean isRead() {
        return read.isDone();
    }

    /** Stops waiting for this upload: after a revoke, its next owner reads it from the buffer. */
    public void cancel() {
        read.cancel(true);
        prepared.cancel(true);
    }
}
