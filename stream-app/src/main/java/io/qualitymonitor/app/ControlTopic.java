package io.qualitymonitor.app;

import io.qualitymonitor.config.AppConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the compacted model control topic: a consumer without a group, and the last selection. */
final class ControlTopic {
    private static final Logger LOG = LoggerFactory.getLogger(ControlTopic.class);

    private ControlTopic() {}

    /** Returns a consumer of the control topic (no group, committed records only). */
    static KafkaConsumer<String, byte[]> consumer(AppConfig live) {
        Properties p = live.kafka().clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Assigns every partition of the control topic; returns them, empty when it does not exist. */
    static List<TopicPartition> assign(KafkaConsumer<String, byte[]> consumer, AppConfig live) {
        String topic = live.topics().modelControl();
        Map<String, List<PartitionInfo>> topics = consumer.listTopics(Duration.ofSeconds(30));
        if (!topics.containsKey(topic)) {
            return List.of();
        }
        List<TopicPartition> parts =
                topics.get(topic).stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition()))
                        .toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        return parts;
    }

    /**
     * Reads the assigned partitions from their position to the end offsets they have now and
     * returns the last selection keyed {@code applicationId}.
     */
    static Optional<ModelSelection> latest(
            KafkaConsumer<String, byte[]> consumer,
            List<TopicPartition> parts,
            String applicationId) {
        Map<TopicPartition, Long> end = consumer.endOffsets(parts);
        ModelSelection last = null;
        while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                last = selection(r, applicationId).orElse(last);
            }
        }
        return Optional.ofNullable(last);
    }

    /**
     * Returns the selection in {@code r} when it is keyed {@code applicationId}; a record that is
     * not a selection is logged and skipped (one bad write must not stop every instance).
     */
    static Optional<ModelSelection> selection(
            ConsumerRecord<String, byte[]> r, String applicationId) {
        if (!applicationId.equals(r.key()) || r.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModelSelection.fromJson(r.value()));
        } catch (IllegalArgumentException e) {
            LOG.error(
                    "skipping record {} of {}-{}: {}",
                    r.offset(),
                    r.topic(),
                    r.partition(),
                    e.getMessage());
            return Optional.empty();
        }
    }
}
