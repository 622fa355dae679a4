/**
 * Benchmarks: the model runtime per batch size beside the same TorchScript run by a Python loop
 * ({@code bench model}), and the streaming application on the embedded stack beside the raw model
 * ({@code bench pipeline}), with their Markdown reports.
 */
package io.qualitymonitor.tools.bench;
