package io.qualitymonitor.app.demo;

import java.nio.file.Path;
import java.util.Map;

/**
 * Returns what the user asked of the demo.
 *
 * @param uploads stop after this many uploads are fully processed; 0 = run until interrupted
 * @param ratePerSecond how fast sample uploads are produced
 * @param summaryFile where to write the JSON summary, or null
 * @param shiftAfter from this upload on, {@code platform=android} sends degraded images (the drift
 *     the demo injects); 0 = never
 */
public record DemoOptions(long uploads, double ratePerSecond, Path summaryFile, long shiftAfter) {

    /**
     * Drift settings the demo uses unless the user sets them: windows of 20 s and 30 scores, so
     * that the injected drift alerts within a demo run; a rolling reference of two windows. The
     * production defaults (5-minute windows, 250 scores) stay in quality-monitor-defaults.
     */
    public static final Map<String, String> DRIFT_DEFAULTS =
            Map.of(
                    "drift.segments", "platform",
                    "drift.window.size.ms", "20000",
                    "drift.window.advance.ms", "20000",
                    "drift.window.grace.ms", "2000",
                    "drift.min.samples", "30",
                    "drift.mmd.min.samples", "20",
                    "drift.rolling.windows", "2",
                    "drift.cooldown.ms", "60000");

    /** Returns the default drift injection point: 50% of the uploads, or upload 1200 if endless. */
    public static long defaultShiftAfter(long uploads) {
        return uploads > 0 ? Math.max(1, uploads / 2) : 1200;
    }
}
