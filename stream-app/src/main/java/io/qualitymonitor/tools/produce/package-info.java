/**
 * {@code produce}: turning image files, folders, URLs and CSV rows into {@code ImageUpload} records
 * and sending them to the upload topic at a rate, with the registry's serde; the sender the demo
 * and the streaming benchmark use too.
 */
package io.qualitymonitor.tools.produce;
