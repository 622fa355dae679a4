package io.qualitymonitor.model.offline;

/** Returns the output formats of scored rows. */
public enum RowFormat {
    /** Aligned columns for people. */
    TABLE,
    /** Comma-separated values; columns start {@code file,score}. */
    CSV,
    /** A JSON array, one object per input. */
    JSON
}
