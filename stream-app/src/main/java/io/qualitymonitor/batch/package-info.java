/**
 * Generic dynamic micro-batching: an accumulator a stream processor drives from one thread (size
 * trigger on add, delay trigger on punctuation) and reports released batches to a listener. Knows
 * neither Kafka nor DJL nor any other project package: JDK only.
 */
package io.qualitymonitor.batch;
