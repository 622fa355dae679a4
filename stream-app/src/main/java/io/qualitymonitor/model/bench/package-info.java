/**
 * Throughput benchmark of the model runtime: images per second and batch latency of the {@link
 * io.qualitymonitor.model.Scorer} per batch size, beside the same TorchScript run by a Python loop
 * on the same images, and the report table. May depend on {@code config}, {@code image} and {@code
 * model}.
 */
package io.qualitymonitor.model.bench;
