/**
 * Confluent wire format (magic byte, schema id, Avro binary body), a small Schema Registry REST
 * client and the Kafka serdes for the Avro records; depends only on {@code config} and the
 * generated {@code schemas} classes.
 */
package io.qualitymonitor.serde;
