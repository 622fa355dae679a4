package io.qualitymonitor.app;

import java.nio.file.Path;

/**
 * Returns what the user asked of the demo.
 *
 * @param uploads stop after this many uploads are fully processed; 0 = run until interrupted
 * @param ratePerSecond how fast sample uploads are produced
 * @param summaryFile where to write the JSON summary, or null
 */
public record DemoOptions(long uploads, double ratePerSecond, Path summaryFile) {}
