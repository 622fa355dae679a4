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
        // Given valid bytes whose first byte is not 0
        byte[] bytes = serde.serializer().serialize(TOPIC, fixedUpload());
        bytes[0] = 1;

        // When / Then
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("magic byte 0x01");
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
}
