package io.qualitymonitor.app;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.schemas.DriftAlert;
import io.qualitymonitor.stream.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads drift alerts (read_committed, every partition, from the beginning) for a test. */
public final class AlertReader implements AutoCloseable {
    private final KafkaConsumer<String, DriftAlert> consumer;

    public AlertReader(AppConfig live, Topics topics) {
        Properties p = live.kafka().clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer =
                new KafkaConsumer<>(
                        p, new StringDeserializer(), topics.drift().valueSerde().deserializer());
        List<TopicPartition> parts =
                consumer.partitionsFor(topics.drift().name()).stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition()))
                        .toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    public List<DriftAlert> poll() {
        List<DriftAlert> out = new ArrayList<>();
        for (ConsumerRecord<String, DriftAlert> r : consumer.poll(Duration.ofMillis(200))) {
            out.add(r.value());
        }
        return out;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
