package io.qualitymonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.config.RegistryConfig;
import io.qualitymonitor.schemas.DeadLetter;
import io.qualitymonitor.schemas.ImageUpload;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
    private final InMemorySchemaLookup lookup = new InMemorySchemaLookup(1);

    private static RegistryConfig config(Map<String, String> overrides) {
        return new ConfigLoader(Map.of(), new Properties()).load(null, overrides).registry();
    }

    private static ImageUpload upload(String id) {
        return ImageUpload.newBuilder()
                .setUploadId(id)
                .setImageUri("https://img.example/" + id + ".jpg")
                .setSegments(Map.of())
                .setEventTime(Instant.parse("2026-11-23T10:00:00Z"))
                .build();
    }

    @Test
    void shouldPassNullThroughAsKafkaExpectsForTombstones() {
        // Given a serde
        AvroSerde<ImageUpload> serde =
                AvroSerdes.forClass(ImageUpload.class, lookup, config(Map.of()), false);

        // When / Then
        assertThat(serde.serializer().serialize("uploads", null)).isNull();
        assertThat(serde.deserializer().deserialize("uploads", null)).isNull();
    }

    @Test
    void shouldRegisterUnderTopicSubjectsForValuesAndKeys() {
        // Given value and key serdes under TopicNameStrategy
        RegistryConfig topic = config(Map.of());
        AvroSerde<ImageUpload> values =
                AvroSerdes.forClass(ImageUpload.class, lookup, topic, false);
        AvroSerde<ImageUpload> keys = AvroSerdes.forClass(ImageUpload.class, lookup, topic, true);

        // When both write to the same topic
        values.serializer().serialize("uploads", upload("a"));
        keys.serializer().serialize("uploads", upload("b"));

        // Then the subjects are <topic>-value and <topic>-key
        assertThat(lookup.registeredSubjects()).containsExactly("uploads-key", "uploads-value");
    }

    @Test
    void shouldRegisterUnderTheRecordNameWithRecordStrategy() {
        // Given a serde under RecordNameStrategy
        RegistryConfig record = config(Map.of("registry.subject.name.strategy", "record"));
        AvroSerde<ImageUpload> serde =
                AvroSerdes.forClass(ImageUpload.class, lookup, record, false);

        // When it writes to two topics
        serde.serializer().serialize("uploads", upload("a"));
        serde.serializer().serialize("uploads-eu", upload("b"));

        // Then one subject, named after the record, holds the schema
        assertThat(lookup.registeredSubjects())
                .containsExactly("io.qualitymonitor.schemas.ImageUpload");
    }

    @Test
    void shouldLookUpInsteadOfRegisteringWhenAutoRegisterIsOff() {
        // Given auto-registration off and nothing registered yet
        RegistryConfig noAuto = config(Map.of("registry.auto.register", "false"));
        AvroSerde<ImageUpload> serde =
                AvroSerdes.forClass(ImageUpload.class, lookup, noAuto, false);

        // When / Then writing fails with the registry's 404 ...
        assertThatThrownBy(() -> serde.serializer().serialize("uploads", upload("a")))
                .isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(404));

        // ... and works once the published .avsc is registered by someone else
        int id = lookup.register("uploads-value", PublishedSchema.of(ImageUpload.getClassSchema()));
        byte[] bytes = serde.serializer().serialize("uploads", upload("a"));
        assertThat(WireFormat.readSchemaId(bytes)).isEqualTo(id);
    }

    @Test
    void shouldDeadLetterAnUnknownSchemaIdAsAWireFormatError() {
        // Given well-framed bytes naming schema id 99, which the registry does not know
        byte[] bytes = {0, 0, 0, 0, 99, 2, 65};
        AvroSerde<ImageUpload> serde =
                AvroSerdes.forClass(ImageUpload.class, lookup, config(Map.of()), false);

        // When / Then
        assertThatThrownBy(() -> serde.deserializer().deserialize("uploads", bytes))
                .isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("unknown schema id 99");
    }

    @Test
    void shouldRejectTrailingBytesAfterTheAvroBody() {
        // Given a valid record with two extra bytes appended
        AvroSerde<ImageUpload> serde =
                AvroSerdes.forClass(ImageUpload.class, lookup, config(Map.of()), false);
        byte[] whole = serde.serializer().serialize("uploads", upload("a"));
        byte[] bytes = Arrays.copyOf(whole, whole.length + 2);

        // When / Then
        assertThatThrownBy(() -> serde.deserializer().deserialize("uploads", bytes))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("trailing bytes");
    }

    @Test
    void shouldReadBytesOfOneRecordTypeAsAnotherAsABadRecord() {
        // Given bytes on the uploads topic framed with the id of DeadLetter's schema
        AvroSerde<ImageUpload> uploads =
                AvroSerdes.forClass(ImageUpload.class, lookup, config(Map.of()), false);
        int id = lookup.register("x", DeadLetter.getClassSchema());
        byte[] bytes = {0, 0, 0, 0, (byte) id, 0};

        // When / Then the writer schema cannot be resolved to ImageUpload
        assertThatThrownBy(() -> uploads.deserializer().deserialize("uploads", bytes))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("writer schema id " + id)
                .hasMessageContaining("expecting io.qualitymonitor.schemas.ImageUpload");
    }

    @Test
    void shouldRoundTripGenericRecordsWithTheirWriterSchema() {
        // Given a generic serde and a generic record of ImageUpload's schema
        AvroSerde<GenericRecord> serde = AvroSerdes.generic(lookup, config(Map.of()), false);
        GenericRecord record = new GenericData.Record(ImageUpload.getClassSchema());
        record.put("uploadId", "g1");
        record.put("imageUri", "file:samples/g1.png");
        record.put("segments", Map.of("app", "4.2.0"));
        record.put("eventTime", 1_700_000_000_000L);

        // When
        byte[] bytes = serde.serializer().serialize("uploads", record);
        GenericRecord read = serde.deserializer().deserialize("uploads", bytes);

        // Then it reads with the writer schema as registered: the published .avsc's form
        assertThat(read.getSchema()).isEqualTo(PublishedSchema.of(ImageUpload.getClassSchema()));
        assertThat(read.get("uploadId")).hasToString("g1");
        assertThat(read.get("eventTime")).isEqualTo(1_700_000_000_000L);
    }
}
