/**
 * What is built offline from the topics for drift monitoring: named baselines published to the
 * compacted baselines topic, and drift reports (PNG plots, one HTML page) for a time range. Reads
 * topics through the wiring of {@code app}.
 */
package io.qualitymonitor.report;
