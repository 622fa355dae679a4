package io.qualitymonitor.cli;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.stream.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the outcomes (scores and dead letters) per upload id, reading both output topics as a
 * downstream consumer does ({@code read_committed}); an aborted transaction's records never count.
 */
final class OutcomeLedger implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final Map<String, Integer> outcomes = new HashMap<>();
    // per upload id, the last outcome read: "score" or the dead letter's reason
    private final Map<String, String> kinds = new HashMap<>();

    OutcomeLedger(AppConfig live, Topics topics) {
        this.topics = topics;
        Properties p = live.kafka().clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : List.of(topics.scores().name(), topics.deadLetters().name())) {
            consumer.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /** Reads what has been committed so far; returns how many uploads have an outcome. */
    int poll() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            String[] outcome = outcome(r);
            outcomes.merge(outcome[0], 1, Integer::sum);
            kinds.put(outcome[0], outcome[1]);
        }
        return outcomes.size();
    }

    /** Reads up to the end of every partition (the last stable offsets). */
    void drain() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                && System.nanoTime() < deadline) {
            poll();
        }
    }

    /** Returns how many of {@code ids} have no outcome. */
    long lost(List<String> ids) {
        return ids.stream().filter(id -> !outcomes.containsKey(id)).count();
    }

    /** Returns how many outcomes are extra: a second or later one for the same upload. */
    long duplicated() {
        return outcomes.values().stream().mapToLong(n -> n - 1L).sum();
    }

    /** Returns how many outcomes name an upload that was never sent. */
    long unknown(List<String> ids) {
        return outcomes.keySet().stream().filter(id -> !ids.contains(id)).count();
    }

    /** Returns the outcome of {@code id}: "score", a dead letter's reason, or null if none yet. */
    String kind(String id) {
        return kinds.get(id);
    }

    /** Returns {upload id, "score" or the dead letter's reason} of an outcome record. */
    private String[] outcome(ConsumerRecord<byte[], byte[]> r) {
        if (r.topic().equals(topics.scores().name())) {
            String id =
                    topics.scores()
                            .valueSerde()
                            .deserializer()
                            .deserialize(r.topic(), r.value())
                            .getUploadId();
            return new String[] {id, "score"};
        }
        var dead =
                topics.deadLetters().valueSerde().deserializer().deserialize(r.topic(), r.value());
        return new String[] {dead.getUploadId(), dead.getReason().toString()};
    }

    @Override
    public void close() {
        consumer.close();
    }
}
