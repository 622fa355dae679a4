/**
 * The model runtime: loading and verifying model bundles, one DJL {@code Translator} per branch
 * (low-level contrastive, vision-language), ridge heads, zero-shot prompts, predictor pools and the
 * {@link io.qualitymonitor.model.Scorer} that the stream, the command line and the benchmarks call.
 * May depend on {@code image} and {@code config}.
 */
package io.qualitymonitor.model;
