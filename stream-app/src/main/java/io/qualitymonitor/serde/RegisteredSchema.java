package io.qualitymonitor.serde;

import org.apache.avro.Schema;

/**
 * Returns one registered version of a subject, as the registry reports it.
 *
 * @param id the global schema id that goes into the wire format
 * @param version the version number within {@code subject}, starting at 1
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {}
