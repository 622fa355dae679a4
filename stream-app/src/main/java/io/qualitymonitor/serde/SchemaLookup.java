package io.qualitymonitor.serde;

import org.apache.avro.Schema;

/**
 * Resolves schema ids for the serdes: the production implementation is {@link
 * SchemaRegistryClient}; a unit test may supply fixed ids without a registry.
 */
public interface SchemaLookup {

    /**
     * Registers {@code schema} under {@code subject} (a no-op when it is already there) and returns
     * its id.
     *
     * @throws RegistryException when the registry refuses it, e.g. 409 for an incompatible schema
     */
    int register(String subject, Schema schema);

    /**
     * Returns the id of {@code schema} under {@code subject}.
     *
     * @throws RegistryException with status 404 when the schema is not registered there
     */
    int lookupId(String subject, Schema schema);

    /**
     * Returns the schema with this global id.
     *
     * @throws RegistryException with status 404 when no schema has this id
     * @throws org.apache.avro.SchemaParseException when the id names a schema that is not Avro
     */
    Schema schemaById(int id);

    /**
     * Returns the schema with this GUID (Confluent's serializers since 8.0 may name a schema by
     * GUID instead of id).
     *
     * @throws RegistryException with status 404 when no schema has this GUID
     */
    default Schema schemaByGuid(String guid) {
        throw new RegistryException(404, 40403, "schema GUIDs are not supported here: " + guid);
    }

    /**
     * Returns true when the registry answers (any HTTP answer but a refusal of the credentials); a
     * lookup without a registry always answers.
     */
    default boolean isReachable() {
        return true;
    }
}
