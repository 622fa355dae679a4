/**
 * The composition root: builds the object graph from the configuration, provisions topics and
 * schemas, starts and stops the pipeline and the embedded stack. Used only by {@code cli}.
 */
package io.qualitymonitor.app;
