/**
 * Re-scoring history: the offset range of a replay per input partition (by record time), seeding
 * the run's own consumer group and reading how far it has committed. Kafka clients only; the
 * composition root runs the replay through the live topology.
 */
package io.qualitymonitor.replay;
