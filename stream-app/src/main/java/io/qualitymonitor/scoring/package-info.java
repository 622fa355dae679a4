/**
 * Scoring of image references in batches, the one path the stream and the offline commands share:
 * read and decode each reference, score what decoded in one batch and, when a batch fails, each
 * image alone, so that one input's failure never fails another's. May depend on {@code image} and
 * {@code model}.
 */
package io.qualitymonitor.scoring;
