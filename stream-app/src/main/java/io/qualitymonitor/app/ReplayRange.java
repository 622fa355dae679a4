package io.qualitymonitor.app;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.stream.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Returns the offsets a replay covers, [start, end) per input partition with records in its time
 * range, and how much of them a consumer group has committed.
 */
final class ReplayRange {
    private final Map<TopicPartition, long[]> offsets;

    /**
     * How far a group got.
     *
     * @param records records of the range committed
     * @param all whether every partition is committed up to the end of the range
     */
    record Committed(long records, boolean all) {}

    private ReplayRange(Map<TopicPartition, long[]> offsets) {
        this.offsets = offsets;
    }

    /**
     * Returns the range of the input topics from the first record at or after {@code from} (null:
     * the beginning) to the first at or after {@code to} (null: the end offsets now).
     */
    static ReplayRange find(AppConfig config, Admin admin, Topics topics, Instant from, Instant to)
            throws ExecutionException, InterruptedException {
        List<String> names = new ArrayList<>(topics.uploadNames());
        if (topics.uploadsPattern() != null) {
            names =
                    admin.listTopics().names().get().stream()
                            .filter(t -> topics.uploadsPattern().matcher(t).matches())
                            .sorted()
                            .toList();
        }
        Map<TopicPartition, long[]> out = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(
                        config.kafka().clientProperties(),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : names) {
                c.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            }
            Map<TopicPartition, Long> begin = c.beginningOffsets(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            Map<TopicPartition, Long> first = offsetsAt(c, parts, from, begin, end);
            Map<TopicPartition, Long> last = offsetsAt(c, parts, to, end, end);
            for (TopicPartition tp : parts) {
                if (last.get(tp) > first.get(tp)) {
                    out.put(tp, new long[] {first.get(tp), last.get(tp)});
                }
            }
        }
        return new ReplayRange(out);
    }

    private static Map<TopicPartition, Long> offsetsAt(
            KafkaConsumer<byte[], byte[]> c,
            List<TopicPartition> parts,
            Instant time,
            Map<TopicPartition, Long> ifNone,
            Map<TopicPartition, Long> end) {
        if (time == null) {
            return ifNone;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        parts.forEach(tp -> query.put(tp, time.toEpochMilli()));
        Map<TopicPartition, Long> out = new HashMap<>();
        Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(query);
        for (TopicPartition tp : parts) {
            OffsetAndTimestamp o = found.get(tp);
            out.put(tp, o == null ? end.get(tp) : o.offset());
        }
        return out;
    }

    /** Returns the number of records in the range. */
    long total() {
        return offsets.values().stream().mapToLong(r -> r[1] - r[0]).sum();
    }

    /** Returns the number of partitions with records in the range. */
    int partitions() {
        return offsets.size();
    }

    /**
     * Points {@code group} at the start of the range in every partition where it has committed
     * nothing yet; returns false when it had committed somewhere (a run going on where it stopped).
     */
    boolean startGroup(Admin admin, String group) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> already =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        offsets.forEach(
                (tp, r) -> {
                    if (already.get(tp) == null) {
                        start.put(tp, new OffsetAndMetadata(r[0]));
                    }
                });
        if (!start.isEmpty()) {
            admin.alterConsumerGroupOffsets(group, start).all().get();
        }
        return start.size() == offsets.size();
    }

    /** Returns how much of the range {@code group} has committed. */
    Committed committed(Admin admin, String group) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long done = 0;
        boolean all = true;
        for (var e : offsets.entrySet()) {
            OffsetAndMetadata o = committed.get(e.getKey());
            long at = o == null ? e.getValue()[0] : Math.min(o.offset(), e.getValue()[1]);
            done += at - e.getValue()[0];
            all &= at >= e.getValue()[1];
        }
        return new Committed(done, all);
    }
}
