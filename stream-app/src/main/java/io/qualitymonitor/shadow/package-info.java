/**
 * Shadow scoring: a candidate bundle scores a sample of the live uploads on its own bounded queue,
 * writes its scores to the shadow topic and measures its agreement with the live model per segment;
 * uses {@code config}, {@code schemas}, {@code model}, {@code scoring}, {@code stream} and {@code
 * drift} (its segment keys).
 */
package io.qualitymonitor.shadow;
