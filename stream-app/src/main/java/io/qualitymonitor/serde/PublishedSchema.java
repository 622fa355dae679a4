package io.qualitymonitor.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Returns a generated class's schema as the published {@code .avsc} defines it, in the form
 * Confluent's serializer registers from that file (Avro's compact {@code Schema.toString()}).
 *
 * <p>Why: the Avro code generator (with {@code stringType=String}) adds {@code
 * "avro.java.string":"String"} to every string; registering that would make a second version of
 * each subject and lookups by producers using the {@code .avsc} fail with 40403.
 */
public final class PublishedSchema {
    /** The property the Avro code generator adds to strings; a Java detail, not in the contract. */
    static final String JAVA_STRING_PROP = "avro.java.string";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Schema, Schema> CACHE = new ConcurrentHashMap<>();

    private PublishedSchema() {}

    /** Returns {@code schema} without the code generator's Java-only properties. */
    public static Schema of(Schema schema) {
        return CACHE.computeIfAbsent(schema, PublishedSchema::strip);
    }

    private static Schema strip(Schema schema) {
        try {
            JsonNode tree = JSON.readTree(schema.toString());
            removeJavaProps(tree);
            return new Schema.Parser().parse(JSON.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Avro wrote a schema that is not JSON", e);
        }
    }

    private static void removeJavaProps(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(JAVA_STRING_PROP);
        }
        node.forEach(PublishedSchema::removeJavaProps);
    }
}
