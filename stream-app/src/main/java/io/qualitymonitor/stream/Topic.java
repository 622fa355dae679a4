package io.qualitymonitor.stream;

import org.apache.kafka.common.serialization.Serde;

/**
 * Returns a topic's name with its key and value serdes, so code asks the descriptor and never
 * repeats a name or a serde.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {}
