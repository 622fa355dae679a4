/**
 * Pure drift detection: bounded-memory window summaries (score histogram, running moments, feature
 * reservoir), detectors (PSI, Kolmogorov-Smirnov, Wasserstein, CUSUM, MMD) and the per-segment
 * {@link io.qualitymonitor.drift.DriftMonitor} state machine; no Kafka types. Depends on {@code
 * config} and commons-math3 only.
 */
package io.qualitymonitor.drift;
