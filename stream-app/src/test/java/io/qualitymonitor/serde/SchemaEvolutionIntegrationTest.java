package io.qualitymonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qualitymonitor.config.RegistryConfig;
import io.qualitymonitor.schemas.ImageUpload;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proves schema evolution end to end against a real registry set to BACKWARD compatibility:
 * compatible versions register and read across versions; an incompatible one is refused.
 */
class SchemaEvolutionIntegrationTest {
    @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

    private static final Schema V1 = schema("Reading-v1.avsc");
    private static final Schema V2 = schema("Reading-v2.avsc");
    private static final Schema V2_INCOMPATIBLE = schema("Reading-v2-incompatible.avsc");

    private final RegistryConfig config = REGISTRY.config(Map.of());

    private static Schema schema(String name) {
        try (InputStream in =
                SchemaEvolutionIntegrationTest.class.getResourceAsStream(
                        "/avro-evolution/" + name)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GenericRecord reading(Schema schema, String sensorId, double value) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("sensorId", sensorId);
        record.put("value", value);
        return record;
    }

    /** Returns a fresh topic whose value subject is BACKWARD and holds v1. */
    private String topicWithV1(SchemaRegistryClient client) {
        String topic = "readings-" + UUID.randomUUID();
        client.register(topic + "-value", V1);
        client.setCompatibility(topic + "-value", CompatibilityLevel.BACKWARD);
        return topic;
    }

    @Test
    void shouldReadAcrossCompatibleVersionsInBothDirections() {
        try (SchemaRegistryClient producer = REGISTRY.newClient();
                SchemaRegistryClient consumer = REGISTRY.newClient()) {
            // Given a BACKWARD subject holding v1, and records written with v1 and with v2
            String topic = topicWithV1(producer);
            AvroSerde<GenericRecord> writer = AvroSerdes.generic(producer, config, false);
            byte[] fromV1 = writer.serializer().serialize(topic, reading(V1, "s-1", 20.5));
            GenericRecord newer = reading(V2, "s-2", 21.5);
            newer.put("unit", "celsius");
            byte[] fromV2 = writer.serializer().serialize(topic, newer);

            // When a v1 reader and a v2 reader read both
            AvroSerde<GenericRecord> v1Reader = AvroSerdes.generic(consumer, config, false, V1);
            AvroSerde<GenericRecord> v2Reader = AvroSerdes.generic(consumer, config, false, V2);
            GenericRecord v2AsV1 = v1Reader.deserializer().deserialize(topic, fromV2);
            GenericRecord v1AsV2 = v2Reader.deserializer().deserialize(topic, fromV1);

            // Then v2 registered as version 2, the old reader skips the new field
            // and the new reader fills it with its default
            assertThat(consumer.latest(topic + "-value").version()).isEqualTo(2);
            assertThat(v2AsV1.getSchema()).isEqualTo(V1);
            assertThat(v2AsV1.get("sensorId")).hasToString("s-2");
            assertThat(v2AsV1.get("value")).isEqualTo(21.5);
            assertThat(v1AsV2.get("sensorId")).hasToString("s-1");
            assertThat(v1AsV2.get("unit")).isNull();
        }
    }

    @Test
    void shouldRefuseAnIncompatibleVersionWith409() {
        try (SchemaRegistryClient client = REGISTRY.newClient()) {
            // Given a BACKWARD subject holding v1
            String topic = topicWithV1(client);
            AvroSerde<GenericRecord> writer = AvroSerdes.generic(client, config, false);
            GenericRecord record = reading(V2_INCOMPATIBLE, "s-3", 1.0);
            record.put("calibration", 0.5);

            // When / Then writing with a version that adds a required field is refused
            assertThat(client.isCompatible(topic + "-value", V2_INCOMPATIBLE)).isFalse();
            assertThat(client.isCompatible(topic + "-value", V2)).isTrue();
            assertThatThrownBy(() -> writer.serializer().serialize(topic, record))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("HTTP 409")
                    .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(409));
            assertThat(client.latest(topic + "-value").version()).isEqualTo(1);
        }
    }

    @Test
    void shouldReadANewerProducersImageUploadIntoTheGeneratedClass() {
        try (SchemaRegistryClient producer = REGISTRY.newClient();
                SchemaRegistryClient consumer = REGISTRY.newClient()) {
            // Given uploads registered with the generated schema, then a newer producer's version
            String topic = "uploads-" + UUID.randomUUID();
            producer.register(topic + "-value", ImageUpload.getClassSchema());
            producer.setCompatibility(topic + "-value", CompatibilityLevel.BACKWARD);
            GenericRecord newer = new GenericData.Record(schema("ImageUpload-v2.avsc"));
            newer.put("uploadId", "u-9");
            newer.put("imageUri", "https://img.example/u-9.png");
            newer.put("segments", Map.of("region", "eu-west"));
            newer.put("eventTime", 1_763_900_000_000L);
            newer.put("caption", "a red bicycle");
            byte[] bytes =
                    AvroSerdes.generic(producer, config, false)
                            .serializer()
                            .serialize(topic, newer);

            // When the app's own serde reads it
            ImageUpload read =
                    AvroSerdes.forClass(ImageUpload.class, consumer, config, false)
                            .deserializer()
                            .deserialize(topic, bytes);

            // Then every field the app knows is there
            assertThat(read.getUploadId()).isEqualTo("u-9");
            assertThat(read.getSegments()).containsEntry("region", "eu-west");
            assertThat(read.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_763_900_000_000L));
        }
    }
}
