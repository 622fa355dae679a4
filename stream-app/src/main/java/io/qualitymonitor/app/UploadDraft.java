package io.qualitymonitor.app;

import io.qualitymonitor.schemas.ImageUpload;
import java.time.Instant;
import java.util.Map;

/**
 * Returns one upload that {@code produce} is to send, as read from the command line, a CSV or a
 * JSON-lines file, before it gets its event time.
 *
 * @param id the upload id
 * @param uri the image URI: {@code http(s):} or {@code file:}
 * @param segments the labels to slice quality by (platform, region, ...)
 * @param eventTime when the upload happened, or null for the moment it is sent
 * @param sha256 hex SHA-256 of the image bytes, or null
 * @param sizeBytes the declared size, or null
 * @param mimeType the declared MIME type, or null
 */
record UploadDraft(
        String id,
        String uri,
        Map<String, String> segments,
        Instant eventTime,
        String sha256,
        Long sizeBytes,
        String mimeType) {

    UploadDraft {
        segments = Map.copyOf(segments);
    }

    /** Returns the upload, with {@code now} as event time when none was given. */
    ImageUpload toUpload(Instant now) {
        return ImageUpload.newBuilder()
                .setUploadId(id)
                .setImageUri(uri)
                .setContentSha256(sha256)
                .setDeclaredSizeBytes(sizeBytes)
                .setDeclaredMimeType(mimeType)
                .setSegments(segments)
                .setEventTime(eventTime != null ? eventTime : now)
                .build();
    }
}
