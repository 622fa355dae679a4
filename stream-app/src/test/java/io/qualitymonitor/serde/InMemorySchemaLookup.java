package io.qualitymonitor.serde;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Resolves schema ids from a map, for unit tests that need fixed ids and no registry: every schema
 * registered gets {@code firstId}, then the next ids in turn.
 */
public final class InMemorySchemaLookup implements SchemaLookup {
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<Integer, Schema> schemas = new HashMap<>();
    private int nextId;

    public InMemorySchemaLookup(int firstId) {
        this.nextId = firstId;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        return ids.computeIfAbsent(
                subject + "|" + schema,
                k -> {
                    schemas.put(nextId, schema);
                    return nextId++;
                });
    }

    @Override
    public synchronized int lookupId(String subject, Schema schema) {
        Integer id = ids.get(subject + "|" + schema);
        if (id == null) {
            throw new RegistryException(404, 40403, "schema not found under " + subject);
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemas.get(id);
        if (schema == null) {
            throw new RegistryException(404, 40403, "schema " + id + " not found");
        }
        return schema;
    }

    synchronized java.util.Set<String> registeredSubjects() {
        java.util.Set<String> subjects = new java.util.TreeSet<>();
        ids.keySet().forEach(k -> subjects.add(k.substring(0, k.indexOf('|'))));
        return subjects;
    }
}
