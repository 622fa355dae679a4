/**
 * Builds the Micrometer registry and serves Prometheus metrics and health endpoints. Other packages
 * take a {@code MeterRegistry} (Micrometer's API), never this package. Depends only on {@code
 * config}.
 */
package io.qualitymonitor.metrics;
