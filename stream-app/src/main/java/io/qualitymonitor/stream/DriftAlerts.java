package io.qualitymonitor.stream;

import io.qualitymonitor.drift.DriftEvent;
import io.qualitymonitor.schemas.DriftAlert;
import io.qualitymonitor.schemas.DriftStatus;
import io.qualitymonitor.schemas.Severity;
import java.time.Instant;

/** Returns the Avro {@link DriftAlert} of a core {@link DriftEvent}, field for field. */
public final class DriftAlerts {
    private DriftAlerts() {}

    /** Returns the alert for {@code e}, scored by {@code modelVersion}, detected at {@code now}. */
    public static DriftAlert of(DriftEvent e, String modelVersion, Instant now) {
        return DriftAlert.newBuilder()
                .setSegment(e.segment())
                .setSegmentLabels(e.segmentLabels())
                .setMetric(e.metric().name())
                .setStatistic(finite(e.statistic()))
                .setPValue(e.pValue())
                .setThreshold(finite(e.threshold()))
                .setWindowStart(Instant.ofEpochMilli(e.windowStartMs()))
                .setWindowEnd(Instant.ofEpochMilli(e.windowEndMs()))
                .setSampleSize(e.sampleSize())
                .setBaselineId(e.baselineId())
                .setBaselineMean(e.baselineMean())
                .setWindowMean(e.windowMean())
                .setSeverity(Severity.valueOf(e.severity().name()))
                .setStatus(DriftStatus.valueOf(e.status().name()))
                .setModelVersion(modelVersion == null ? "unknown" : modelVersion)
                .setDetectedTime(now)
                .build();
    }

    // a recovery whose trigger metric was not evaluated carries NaN; Avro doubles accept NaN, but
    // readers (plots, JSON) do better with 0
    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0.0;
    }
}
