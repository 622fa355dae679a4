package io.qualitymonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.schemas.QualityScore;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the client against a real Schema Registry (Apicurio's Confluent-compatible API). */
class SchemaRegistryClientIntegrationTest {
    @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

    private static final Schema UPLOAD = ImageUpload.getClassSchema();

    private static String uniqueSubject() {
        return "uploads-" + UUID.randomUUID() + "-value";
    }

    @Test
    void shouldRegisterThenLookUpAndFetchTheSchemaById() {
        // Given a subject registered by one client
        String subject = uniqueSubject();
        int id;
        try (SchemaRegistryClient writer = REGISTRY.newClient()) {
            id = writer.register(subject, UPLOAD);
        }

        // When a second client, with empty caches, asks about it
        try (SchemaRegistryClient reader = REGISTRY.newClient()) {
            // Then it finds the same id, the same schema and version 1
            assertThat(reader.lookupId(subject, UPLOAD)).isEqualTo(id);
            assertThat(reader.schemaById(id)).isEqualTo(UPLOAD);
            RegisteredSchema latest = reader.latest(subject);
            assertThat(latest).isEqualTo(new RegisteredSchema(subject, id, 1, UPLOAD));
            assertThat(reader.subjects()).contains(subject);
            assertThat(reader.register(subject, UPLOAD)).isEqualTo(id);
        }
    }

    @Test
    void shouldAnswerRepeatedQuestionsFromItsCaches() {
        // Given a fresh client
        String subject = uniqueSubject();
        try (SchemaRegistryClient client = REGISTRY.newClient()) {
            // When it registers a schema, then asks for it again in every way
            int id = client.register(subject, UPLOAD);
            client.register(subject, UPLOAD);
            client.lookupId(subject, UPLOAD);
            Schema fetched = client.schemaById(id);

            // Then only the first call went to the registry
            assertThat(fetched).isEqualTo(UPLOAD);
            assertThat(client.requestsSent()).isEqualTo(1);
        }
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedSchemaBeyondTheCacheCapacity() {
        // Given two registered schemas and a client that caches one schema only
        int uploadId;
        int scoreId;
        try (SchemaRegistryClient writer = REGISTRY.newClient()) {
            uploadId = writer.register(uniqueSubject(), UPLOAD);
            scoreId = writer.register(uniqueSubject(), QualityScore.getClassSchema());
        }
        try (SchemaRegistryClient client =
                new SchemaRegistryClient(REGISTRY.config(Map.of("registry.cache.capacity", "1")))) {
            // When it fetches the first, the second, then the first again
            client.schemaById(uploadId);
            client.schemaById(scoreId);
            client.schemaById(uploadId);

            // Then the last fetch had to ask again
            assertThat(client.requestsSent()).isEqualTo(3);
        }
    }

    @Test
    void shouldExplainAnUnknownSchemaIdInOneLine() {
        try (SchemaRegistryClient client = REGISTRY.newClient()) {
            // When / Then
            assertThatThrownBy(() -> client.schemaById(987_654))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageStartingWith(
                            "schema registry answered HTTP 404 (error_code 40403) to GET"
                                    + " /schemas/ids/987654")
                    .hasMessageNotContaining("\n")
                    .satisfies(e -> assertThat(((RegistryException) e).isNotFound()).isTrue());
        }
    }

    @Test
    void shouldReportASchemaMissingFromTheSubjectOnLookup() {
        // Given a subject that holds the upload schema only
        String subject = uniqueSubject();
        try (SchemaRegistryClient client = REGISTRY.newClient()) {
            client.register(subject, UPLOAD);

            // When / Then looking up another schema there is a 404
            assertThatThrownBy(() -> client.lookupId(subject, QualityScore.getClassSchema()))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("HTTP 404 (error_code 40403)");
        }
    }

    @Test
    void shouldSetAndReadCompatibilityLevels() {
        String subject = uniqueSubject();
        try (SchemaRegistryClient client = REGISTRY.newClient()) {
            client.register(subject, UPLOAD);
            CompatibilityLevel global = client.compatibility();
            try {
                // When the subject and the registry get their own levels
                client.setCompatibility(subject, CompatibilityLevel.FULL);
                client.setCompatibility(CompatibilityLevel.FORWARD);

                // Then each reads back as set
                assertThat(client.compatibility(subject)).contains(CompatibilityLevel.FULL);
                assertThat(client.compatibility()).isEqualTo(CompatibilityLevel.FORWARD);
                assertThat(client.compatibility(uniqueSubject())).isEmpty();
            } finally {
                client.setCompatibility(global);
            }
        }
    }

    @Test
    void shouldRoundTripRecordsThroughRegistryBackedSerdes() {
        // Given a producer-side and a consumer-side serde, each with its own client
        String topic = "uploads-" + UUID.randomUUID();
        ImageUpload upload =
                ImageUpload.newBuilder()
                        .setUploadId("it-1")
                        .setImageUri("https://img.example/it-1.webp")
                        .setSegments(Map.of("platform", "android"))
                        .setEventTime(java.time.Instant.parse("2026-11-23T11:00:00Z"))
                        .build();
        try (SchemaRegistryClient producer = REGISTRY.newClient();
                SchemaRegistryClient consumer = REGISTRY.newClient()) {
            AvroSerde<ImageUpload> out =
                    AvroSerdes.forClass(
                            ImageUpload.class, producer, REGISTRY.config(Map.of()), false);
            AvroSerde<ImageUpload> in =
                    AvroSerdes.forClass(
                            ImageUpload.class, consumer, REGISTRY.config(Map.of()), false);

            // When one writes and the other reads
            byte[] bytes = out.serializer().serialize(topic, upload);
            ImageUpload read = in.deserializer().deserialize(topic, bytes);

            // Then the record survives, framed with the id registered under <topic>-value
            assertThat(read).isEqualTo(upload);
            assertThat(WireFormat.readSchemaId(bytes))
                    .isEqualTo(consumer.latest(topic + "-value").id());
        }
    }
}
