/**
 * Scoring outside the stream: expands paths and URLs into image references, reads, decodes and
 * scores them in batches through the {@link io.qualitymonitor.model.Scorer}, and writes one row per
 * input as a table, CSV or JSON. The engine of the {@code score} command; also scores labelled
 * images with bundles or classic baselines for {@code evaluate}. May depend on {@code config},
 * {@code image}, {@code model}, {@code model.baseline} and {@code evaluate}.
 */
package io.qualitymonitor.model.offline;
