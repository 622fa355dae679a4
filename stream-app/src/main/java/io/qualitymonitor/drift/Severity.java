package io.qualitymonitor.drift;

/** Returns how far a statistic is past its thresholds; names match the Avro {@code Severity}. */
public enum Severity {
    /** Within normal bounds (a recovery carries this). */
    INFO,
    /** Past the warning threshold. */
    WARNING,
    /** Past the critical threshold. */
    CRITICAL
}
