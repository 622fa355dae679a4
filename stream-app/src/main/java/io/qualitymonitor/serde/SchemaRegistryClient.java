package io.qualitymonitor.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qualitymonitor.config.RegistryConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Talks to a Schema Registry through Confluent's REST API (Confluent Schema Registry, or Apicurio
 * Registry's {@code /apis/ccompat/v7}); caches ids and schemas, bounded by {@code
 * registry.cache.capacity}.
 *
 * <p>Why our own: Confluent's client and serdes ({@code io.confluent:*}) are not on Maven Central,
 * and the subset we need is small and documented. It speaks exactly these calls, with media type
 * {@code application/vnd.schemaregistry.v1+json}:
 *
 * <ul>
 *   <li>{@code POST /subjects/{subject}/versions} - register, answers {@code {"id":N}}
 *   <li>{@code POST /subjects/{subject}} - look up the id of an already registered schema
 *   <li>{@code GET /schemas/ids/{id}} - the schema with a global id
 *   <li>{@code GET /subjects/{subject}/versions/latest} - the newest version of a subject
 *   <li>{@code GET /subjects} - the subjects
 *   <li>{@code GET|PUT /config} and {@code /config/{subject}} - compatibility level
 *   <li>{@code POST /compatibility/subjects/{subject}/versions/latest} - test a schema
 * </ul>
 *
 * <p>Also {@code GET /schemas/guids/{guid}} (schemas named by GUID) and {@code GET
 * /subjects/{subject}/versions/{version}} (the schemas a schema references, resolved before it and
 * cached). Only Avro schemas. Requests go to the first URL of {@code registry.url} that answers and
 * are retried with exponential backoff on 5xx answers and connection errors; a 4xx answer or a
 * failed TLS handshake throws a {@link RegistryException} at once. Thread-safe; share one instance
 * per registry.
 */
public final class SchemaRegistryClient implements SchemaLookup, AutoCloseable {
    private final ObjectMapper json = new ObjectMapper();
    private final RegistryTransport transport;
    private final BoundedCache<Integer, Schema> schemasById;
    private final BoundedCache<SubjectSchema, Integer> idsBySubjectSchema;
    private final BoundedCache<String, Schema> schemasByGuid;
    private final BoundedCache<String, JsonNode> referenced;

    private record SubjectSchema(String subject, Schema schema) {}

    /** Returns a client for the registry at {@code config.url()}; connects lazily. */
    public SchemaRegistryClient(RegistryConfig config) {
        this.transport = new RegistryTransport(config, json);
        this.schemasById = new BoundedCache<>(config.cacheCapacity());
        this.idsBySubjectSchema = new BoundedCache<>(config.cacheCapacity());
        this.schemasByGuid = new BoundedCache<>(config.cacheCapacity());
        this.referenced = new BoundedCache<>(config.cacheCapacity());
    }

    /** Returns the base URL requests go to, without a trailing slash. */
    public String baseUrl() {
        return transport.baseUrl();
    }

    /** Returns how many HTTP requests this client has sent, retries included. */
    public long requestsSent() {
        return transport.requestsSent();
    }

    @Override
    public int register(String subject, Schema schema) {
        return idOf(subject, schema, subjectPath(subject) + "/versions");
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        return idOf(subject, schema, subjectPath(subject));
    }

    // the id cached for the subject and schema, else the one the registry answers at path
    private int idOf(String subject, Schema schema, String path) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        return remember(key, transport.send("POST", path, body(schema)));
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Schema schema = parse(transport.send("GET", "/schemas/ids/" + id, null), "id " + id);
        schemasById.put(id, schema);
        return schema;
    }

    @Override
    public Schema schemaByGuid(String guid) {
        Schema cached = schemasByGuid.get(guid);
        if (cached != null) {
            return cached;
        }
        Schema schema =
                parse(
                        transport.send("GET", "/schemas/guids/" + encode(guid), null),
                        "GUID " + guid);
        schemasByGuid.put(guid, schema);
        return schema;
    }

    /** Returns the newest version registered under {@code subject}. */
    public RegisteredSchema latest(String subject) {
        JsonNode answer = transport.send("GET", subjectPath(subject) + "/versions/latest", null);
        return new RegisteredSchema(
                answer.path("subject").asText(subject),
                answer.path("id").asInt(),
                answer.path("version").asInt(),
                parse(answer, "subject " + subject));
    }

    @Override
    public boolean isReachable() {
        try {
            transport.send("GET", "/config", null);
            return true;
        } catch (RegistryException e) {
            return !RegistryOutage.isWorthWaiting(e);
        }
    }

    /** Returns every subject the registry knows. */
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        transport.send("GET", "/subjects", null).forEach(s -> subjects.add(s.asText()));
        return subjects;
    }

    /** Returns the registry-wide compatibility level. */
    public CompatibilityLevel compatibility() {
        return level(transport.send("GET", "/config", null));
    }

    /** Returns the level set on {@code subject} itself, or empty when it has none of its own. */
    public Optional<CompatibilityLevel> compatibility(String subject) {
        try {
            return Optional.of(level(transport.send("GET", configPath(subject), null)));
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Sets the registry-wide compatibility level. */
    public void setCompatibility(CompatibilityLevel level) {
        transport.send("PUT", "/config", compatibilityBody(level));
    }

    /** Sets the compatibility level of {@code subject}, overriding the registry-wide one. */
    public void setCompatibility(String subject, CompatibilityLevel level) {
        transport.send("PUT", configPath(subject), compatibilityBody(level));
    }

    /**
     * Returns whether {@code schema} could be registered as the next version of {@code subject}.
     */
    public boolean isCompatible(String subject, Schema schema) {
        String path = "/compatibility" + subjectPath(subject) + "/versions/latest";
        return transport.send("POST", path, body(schema)).path("is_compatible").asBoolean(false);
    }

    /** Closes the underlying HTTP client. */
    @Override
    public void close() {
        transport.close();
    }

    private int remember(SubjectSchema key, JsonNode answer) {
        if (!answer.path("id").canConvertToInt()) {
            throw new RegistryException(
                    200, -1, "schema registry answered without an id for subject " + key.subject());
        }
        int id = answer.path("id").asInt();
        idsBySubjectSchema.put(key, id);
        schemasById.put(id, key.schema());
        return id;
    }

    private ObjectNode body(Schema schema) {
        return json.createObjectNode().put("schema", schema.toString());
    }

    private ObjectNode compatibilityBody(CompatibilityLevel level) {
        return json.createObjectNode().put("compatibility", level.name());
    }

    private static CompatibilityLevel level(JsonNode answer) {
        // GET answers compatibilityLevel; some servers answer compatibility as PUT does.
        JsonNode value =
                answer.has("compatibilityLevel")
                        ? answer.get("compatibilityLevel")
                        : answer.path("compatibility");
        return CompatibilityLevel.valueOf(value.asText("NONE"));
    }

    /** Parses an answer's schema after the schemas it references (resolved depth first). */
    private Schema parse(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaParseException("schema " + what + " is " + type + ", not AVRO");
        }
        Schema.Parser parser = new Schema.Parser();
        addReferences(parser, answer.path("references"), new HashSet<>());
        return parser.parse(answer.path("schema").asText());
    }

    private void addReferences(Schema.Parser parser, JsonNode references, Set<String> seen) {
        for (JsonNode ref : references) {
            String subject = ref.path("subject").asText();
            String version = ref.path("version").asText();
            if (!seen.add(subject + "/" + version)) {
                continue; // already parsed: Avro refuses to define a name twice
            }
            JsonNode dependency = referenced.get(subject + "/" + version);
            if (dependency == null) {
                dependency =
                        transport.send(
                                "GET", subjectPath(subject) + "/versions/" + encode(version), null);
                referenced.put(subject + "/" + version, dependency);
            }
            addReferences(parser, dependency.path("references"), seen);
            parser.parse(dependency.path("schema").asText());
        }
    }

    private static String subjectPath(String subject) {
        return "/subjects/" + encode(subject);
    }

    private static String configPath(String subject) {
        return "/config/" + encode(subject);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
