package io.qualitymonitor.stream;

import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.scoring.Prepared;
import java.util.concurrent.CompletableFuture;

/**
 * Returns an upload waiting in memory for its batch: the record as read, the upload it holds and
 * its preparation under way.
 *
 * @param record the record as read, also kept in the buffer store for recovery
 * @param upload the upload, or null when the record is not a readable {@code ImageUpload}
 * @param prepared the fetch and decode of its image (or the reason the record is unreadable)
 */
public record PendingUpload(
        BufferedRecord record, ImageUpload upload, CompletableFuture<Prepared> prepared) {}
