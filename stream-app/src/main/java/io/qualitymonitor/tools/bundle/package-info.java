/**
 * {@code model info}: verifying a model bundle and describing it, branches, inputs, heads, prompts,
 * training and metrics.
 */
package io.qualitymonitor.tools.bundle;
