package io.qualitymonitor.app;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.stream.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes uploads to the first upload topic as a platform would: keyed by the upload id. */
final class UploadProducer {
    private UploadProducer() {}

    /** Writes {@code uploads} in order and waits until the broker has them. */
    static void send(AppConfig live, Topics topics, List<ImageUpload> uploads) {
        send(live, topics, uploads, null);
    }

    /**
     * Writes {@code uploads} in order, then {@code junk} (when not null) as one more value keyed
     * {@code junk}, and waits until the broker has them.
     */
    static void send(AppConfig live, Topics topics, List<ImageUpload> uploads, byte[] junk) {
        String topic = live.topics().uploads().get(0);
        var ser = topics.uploadSerde().serializer();
        try (KafkaProducer<byte[], byte[]> p =
                new KafkaProducer<>(
                        live.kafka().clientProperties(),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            for (ImageUpload u : uploads) {
                p.send(
                        new ProducerRecord<>(
                                topic,
                                u.getUploadId().getBytes(StandardCharsets.UTF_8),
                                ser.serialize(topic, u)));
            }
            if (junk != null) {
                p.send(new ProducerRecord<>(topic, "junk".getBytes(StandardCharsets.UTF_8), junk));
            }
            p.flush();
        }
    }
}
