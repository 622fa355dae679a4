/**
 * Generic dynamic micro-batching: a synchronous accumulator a stream processor drives (size trigger
 * on add, delay trigger on punctuation) and an asynchronous pipeline that overlaps preparing items
 * with running the model, both recording batch size and queue time. Knows neither Kafka nor DJL;
 * may depend on {@code config} and the Micrometer API.
 */
package io.qualitymonitor.batch;
