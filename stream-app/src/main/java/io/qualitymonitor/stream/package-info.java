/**
 * The Kafka Streams side: typed topic descriptors, the topology (wiring only), its processors and
 * dead-letter routing. May use every package but {@code app} and {@code cli}.
 */
package io.qualitymonitor.stream;
