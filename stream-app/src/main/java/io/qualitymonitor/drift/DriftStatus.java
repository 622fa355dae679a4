package io.qualitymonitor.drift;

/** Returns whether a segment started drifting or went back to normal; matches the Avro enum. */
public enum DriftStatus {
    /** The segment crossed a threshold. */
    DRIFTING,
    /** The segment stayed clear long enough after a drift. */
    RECOVERED
}
