package io.qualitymonitor.serde;

/**
 * The Schema Registry compatibility levels (Confluent's names, also used by Apicurio's ccompat).
 */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE
}
