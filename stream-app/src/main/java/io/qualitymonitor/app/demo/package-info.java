/**
 * The {@code demo}: the embedded broker and registry, sample uploads produced at a rate (with a
 * quality shift for one segment, so that drift shows), a live view of every output and a summary.
 * Builds the application through {@code app}.
 */
package io.qualitymonitor.app.demo;
