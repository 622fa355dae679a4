package io.qualitymonitor.drift;

import java.util.List;
import java.util.Map;

/**
 * Returns a drift or recovery of one segment, field for field the Avro {@code DriftAlert} except
 * {@code modelVersion} and {@code detectedTime}, which the caller adds, plus every metric's result
 * for context.
 *
 * @param segment e.g. {@code all} or {@code platform=android,region=eu}
 * @param segmentLabels the segment's labels; empty for {@code all}
 * @param metric the metric furthest past its threshold (for a recovery: the one that started the
 *     drift)
 * @param pValue the metric's p-value, or null
 * @param threshold the threshold crossed (for a recovery: the recovery level)
 * @param sampleSize scores in the window
 * @param baselineId e.g. {@code launch@3}
 * @param results every metric evaluated on this window
 */
public record DriftEvent(
        String segment,
        Map<String, String> segmentLabels,
        Metric metric,
        double statistic,
        Double pValue,
        double threshold,
        long windowStartMs,
        long windowEndMs,
        int sampleSize,
        String baselineId,
        double baselineMean,
        double windowMean,
        Severity severity,
        DriftStatus status,
        List<MetricResult> results) {}
