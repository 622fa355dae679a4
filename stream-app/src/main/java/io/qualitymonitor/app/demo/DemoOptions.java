package io.qualitymonitor.app.demo;

import java.nio.file.Path;

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

    /** Returns the default drift injection point: 50% of the uploads, or upload 1200 if endless. */
    public static long defaultShiftAfter(long uploads) {
        return uploads > 0 ? Math.max(1, uploads / 2) : 1200;
    }
}
