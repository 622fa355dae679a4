package io.qualitymonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.config.RegistryConfig;
import io.qualitymonitor.schemas.ImageUpload;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class WireFormatTest {
    private static final String TOPIC = "uploads";

    private final RegistryConfig config =
            new ConfigLoader(Map.of(), new Properties()).load(null, Map.of()).registry();
    private final AvroSerde<ImageUpload> serde =
            AvroSerdes.forClass(ImageUpload.class, new InMemorySchemaLookup(42), config, false);

    /** The fixed record whose bytes are written out by hand below. */
    private static ImageUpload fixedUpload() {
        return ImageUpload.newBuilder()
                .setUploadId("u1")
                .setImageUri("a.jpg")
                .setContentSha256(null)
                .setDeclaredSizeBytes(1234L)
                .setDeclaredMimeType(null)
                .setSegments(Map.of("platform", "ios"))
                .setEventTime(Instant.ofEpochMilli(1000))
                .build();
    }

    @Test
    void shouldWriteTheExactConfluentFramedAvroBytes() {
        // Given the fixed upload and a lookup that hands out schema id 42
        ImageUpload upload = fixedUpload();

        // When it is serialized
        byte[] bytes = serde.serializer().serialize(TOPIC, upload);

        // Then the bytes follow the Confluent framing and the Avro binary encoding exactly
        String expected =
                String.join(
                        "",
                        "00", // magic byte
                        "0000002a", // schema id 42, 4 bytes big-endian
                        "04 7531", // uploadId: length 2 (zig-zag 4), "u1"
                        "0a 612e6a7067", // imageUri: length 5 (zig-zag 10), "a.jpg"
                        "00", // contentSha256: union branch 0 (null)
                        "02 a413", // declaredSizeBytes: branch 1, 1234 -> zig-zag 2468 varint
                        "00", // declaredMimeType: union branch 0 (null)
                        "02", // segments: a block of 1 entry (zig-zag 2)
                        "10 706c6174666f726d", // key: length 8, "platform"
                        "06 696f73", // value: length 3, "ios"
                        "00", // end of the map's blocks
                        "d00f"); // eventTime: 1000 ms -> zig-zag 2000 as a varint
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(expected.replace(" ", ""));
    }

    @Test
    void shouldReadBackWhatItWrote() {
        // Given a serialized upload
        ImageUpload upload = fixedUpload();
        byte[] bytes = serde.serializer().serialize(TOPIC, upload);

        // When it is deserialized
        ImageUpload read = serde.deserializer().deserialize(TOPIC, bytes);

        // Then every field is back, the logical timestamp included
        assertThat(read).isEqualTo(upload);
        assertThat(read.getEventTime()).isEqualTo(Instant.ofEpochMilli(1000));
    }

    @Test
    void shouldRejectAWrongMagicByte() {
        // Given valid bytes whose first byte is neither 0 (id) nor 1 (GUID)
        byte[] bytes = serde.serializer().serialize(TOPIC, fixedUpload());
        bytes[0] = 2;

        // When / Then
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("magic byte 0x02");
    }

    @Test
    void shouldRejectARecordShorterThanTheHeader() {
        // Given three bytes: not even a full schema id
        byte[] bytes = {0, 0, 0};

        // When / Then
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("3 bytes is too short");
    }

    @Test
    void shouldRejectATruncatedAvroBody() {
        // Given valid bytes cut off in the middle of the body
        byte[] whole = serde.serializer().serialize(TOPIC, fixedUpload());
        byte[] bytes = Arrays.copyOf(whole, whole.length - 4);

        // When / Then
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("writer schema id 42")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldReadTheSchemaIdBigEndian() {
        // Given a header carrying id 0x01020304
        byte[] bytes = {0, 1, 2, 3, 4};

        // When / Then
        assertThat(WireFormat.readSchemaId(bytes)).isEqualTo(0x01020304);
    }

    @Test
    void shouldReadASchemaGuidAfterMagicByteOne() {
        // Given Confluent's GUID form: 0x01, then the 16-byte GUID
        java.util.UUID guid = java.util.UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(18);
        b.put((byte) 1)
                .putLong(guid.getMostSignificantBits())
                .putLong(guid.getLeastSignificantBits());
        b.put((byte) 42);

        // When / Then
        WireFormat.SchemaRef ref = WireFormat.read(b.array());
        assertThat(ref.guid()).isEqualTo(guid.toString());
        assertThat(ref.bodyOffset()).isEqualTo(17);
    }

    @Test
    void shouldPutTheSchemaIdOfTheValueHeaderInFrontOfTheValue() {
        // Given a value without prefix and its id in Confluent's header
        org.apache.kafka.common.header.internals.RecordHeaders headers =
                new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(WireFormat.VALUE_SCHEMA_ID_HEADER, new byte[] {0, 0, 0, 1, 7});

        // When / Then it reads as the prefixed form; without the header the value is unchanged
        byte[] framed = WireFormat.withHeaderSchemaId(headers, new byte[] {9});
        assertThat(framed).containsExactly(0, 0, 0, 1, 7, 9);
        assertThat(WireFormat.readSchemaId(framed)).isEqualTo(263);
        assertThat(
                        WireFormat.withHeaderSchemaId(
                                new org.apache.kafka.common.header.internals.RecordHeaders(),
                                new byte[] {9}))
                .containsExactly(9);
    }
}
