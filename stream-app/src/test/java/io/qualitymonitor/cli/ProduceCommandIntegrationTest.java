package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.app.TopicProvisioner;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.embedded.SharedStack;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.serde.PublishedSchema;
import io.qualitymonitor.serde.SchemaRegistryClient;
import io.qualitymonitor.stream.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code produce} against a real broker and registry: the schema, the wire format, the rate. */
@ExtendWith(SharedStack.class)
class ProduceCommandIntegrationTest {
    private static final Path KODIM01 =
            Path.of("../samples/kodim01.jpg").toAbsolutePath().normalize();

    @TempDir Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldRefuseToSendWhenTheSchemaIsNotRegisteredAndSayHowToRegisterIt(AppConfig stack) {
        // Given a topic whose subject has no schema
        String topic = freshTopic(stack);

        // When
        int code = produce(stack, "--topic", topic, KODIM01.toString());

        // Then nothing is sent and the one line names the subject and the option
        assertThat(code).isEqualTo(ExitCodes.RUNTIME);
        assertThat(stderr().strip().lines()).hasSize(1);
        assertThat(stderr())
                .startsWith(
                        "error: the ImageUpload schema is not registered under subject '"
                                + topic
                                + "-value'")
                .contains("pass --register-schema");
        assertThat(records(stack, topic, 0)).isEmpty();
    }

    @Test
    void shouldSendEachCsvRowInTheWireFormatWithTheRegisteredSchemaIdAtTheRate(AppConfig stack)
            throws IOException {
        // Given a list of four uploads, one with its own id, labels and event time
        String topic = freshTopic(stack);
        Path csv =
                Files.writeString(
                        tmp.resolve("uploads.csv"),
                        "id,uri,platform,event_time\n"
                                + "first,"
                                + KODIM01
                                + ",ios,2026-11-01T12:00:00Z\n"
                                + ","
                                + KODIM01
                                + ",,\n"
                                + ",https://cdn.example.com/x.jpg,web,\n"
                                + ","
                                + KODIM01
                                + ",android,\n");

        // When produce registers the schema and sends at 8 uploads per second
        long t0 = System.nanoTime();
        int code =
                produce(
                        stack,
                        "--topic",
                        topic,
                        "--register-schema",
                        "--rate",
                        "8",
                        "--id-prefix",
                        "it",
                        "--label",
                        "app=cli-test",
                        csv.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;

        // Then every row is a record: magic byte 0, the subject's schema id, the Avro body
        assertThat(code).as(stderr()).isZero();
        assertThat(stdout()).contains("produced 4 of 4 uploads to '" + topic + "'");
        assertThat(seconds).as("4 uploads at 8/s take at least 3 pauses").isGreaterThan(0.35);
        List<ConsumerRecord<String, byte[]>> records = records(stack, topic, 4);
        int schemaId;
        try (SchemaRegistryClient registry = new SchemaRegistryClient(stack.registry())) {
            schemaId =
                    registry.lookupId(
                            topic + "-value", PublishedSchema.of(ImageUpload.getClassSchema()));
            List<ImageUpload> uploads = new ArrayList<>();
            var deserializer =
                    Topics.from(stack.topics(), registry, stack.registry())
                            .uploadSerde()
                            .deserializer();
            for (ConsumerRecord<String, byte[]> r : records) {
                ByteBuffer header = ByteBuffer.wrap(r.value());
                assertThat(header.get()).isZero();
                assertThat(header.getInt()).isEqualTo(schemaId);
                uploads.add(deserializer.deserialize(topic, r.value()));
                assertThat(r.key()).isEqualTo(uploads.getLast().getUploadId());
            }
            assertThat(uploads)
                    .extracting(ImageUpload::getUploadId)
                    .containsExactly("first", "it-000002", "it-000003", "it-000004");
            assertThat(uploads.get(0).getSegments())
                    .isEqualTo(Map.of("app", "cli-test", "platform", "ios"));
            assertThat(uploads.get(0).getEventTime())
                    .isEqualTo(Instant.parse("2026-11-01T12:00:00Z"));
            assertThat(uploads.get(0).getImageUri()).isEqualTo(KODIM01.toUri().toString());
            assertThat(uploads.get(1).getSegments()).isEqualTo(Map.of("app", "cli-test"));
            assertThat(uploads.get(2).getImageUri()).isEqualTo("https://cdn.example.com/x.jpg");
        }
    }

    private String freshTopic(AppConfig stack) {
        String topic = "produce-it-" + UUID.randomUUID().toString().substring(0, 8);
        new TopicProvisioner(stack.kafka().clientProperties()).ensure(List.of(topic), 1, (short) 1);
        return topic;
    }

    private static List<ConsumerRecord<String, byte[]>> records(
            AppConfig stack, String topic, int expected) {
        Properties props = stack.kafka().clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "produce-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline =
                    System.nanoTime() + Duration.ofSeconds(expected == 0 ? 3 : 60).toNanos();
            while (System.nanoTime() < deadline && (expected == 0 || records.size() < expected)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private int produce(AppConfig stack, String... args) {
        List<String> all = new ArrayList<>(List.of("produce"));
        all.addAll(
                List.of(
                        "--set",
                        "kafka.bootstrap.servers=" + stack.kafka().bootstrapServers(),
                        "--set",
                        "registry.url=" + stack.registry().url()));
        all.addAll(List.of(args));
        return QualityMonitorCommand.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                all.toArray(String[]::new));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
