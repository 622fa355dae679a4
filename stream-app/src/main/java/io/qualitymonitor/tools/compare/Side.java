package io.qualitymonitor.tools.compare;

import io.qualitymonitor.schemas.QualityScore;
import java.util.Objects;

/**
 * One side of a comparison: the scores of one replay run, or the live scores (those without a
 * replay run id).
 *
 * @param runId the replay run id, or null for the live scores
 */
public record Side(String runId) {
    /** The name the live scores go by in tables and pages. */
    public static final String LIVE = "(live)";

    /** Returns the side of the live scores. */
    public static Side live() {
        return new Side(null);
    }

    /** Returns the side of replay run {@code runId}. */
    public static Side run(String runId) {
        return new Side(Objects.requireNonNull(runId, "runId"));
    }

    /** Returns whether {@code score} belongs to this side. */
    public boolean owns(QualityScore score) {
        return Objects.equals(runId, score.getReplayRunId());
    }

    /** Returns the run id, or {@value #LIVE} for the live scores. */
    public String label() {
        return runId == null ? LIVE : runId;
    }
}
