/**
 * {@code replay compare}: two sets of scores of the same uploads (two replay runs, or a replay and
 * the live scores) read from the scores topic, joined by upload id and compared per segment (rank
 * correlation, score deltas, alert flips), written as a table, JSON and an HTML page with plots.
 * Reads topics through the wiring of {@code app}; the statistics and plots come from {@code
 * tools.evaluate}, segments and histograms from {@code drift}, thresholds from {@code stream}.
 */
package io.qualitymonitor.tools.compare;
