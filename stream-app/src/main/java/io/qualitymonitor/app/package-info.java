/**
 * The composition root: builds the running application from the settings (model, fetcher, topology,
 * Kafka Streams, metrics server), provisions topics and schemas, checks the broker and registry at
 * start-up, and replays history. Used by {@code cli} and by the tools that run the stream.
 */
package io.qualitymonitor.app;
