package io.qualitymonitor.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Returns the offsets a replay covers: per input partition with at least one record in range, from
 * the first offset at or after {@code from} (or the beginning) to the first at or after {@code to}
 * (or the end offset when the replay starts), end exclusive.
 *
 * @param offsets [start, end) per partition, in topic and partition order
 */
public record ReplayRange(Map<TopicPartition, long[]> offsets) {

    /**
     * Returns the range of the upload topics ({@code names}, or those matching {@code pattern} when
     * it is set) between {@code from} and {@code to} (either may be null).
     */
    public static ReplayRange of(
            Admin admin,
            Properties clientProperties,
            List<String> names,
            Pattern pattern,
            Instant from,
            Instant to)
            throws ExecutionException, InterruptedException {
        List<String> topics =
                pattern == null
                        ? names
                        : admin.listTopics().names().get().stream()
                                .filter(t -> pattern.matcher(t).matches())
                                .sorted()
                                .toList();
        Map<TopicPartition, long[]> out = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(
                        clientProperties,
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics) {
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

    /** Returns the number of records in range. */
    public long records() {
        return offsets.values().stream().mapToLong(r -> r[1] - r[0]).sum();
    }

    /**
     * Points consumer group {@code group} at the start of the range in every partition it has not
     * committed yet; returns false when it had committed some (a run that goes on where it
     * stopped).
     */
    public boolean seed(Admin admin, String group) throws ExecutionException, InterruptedException {
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

    /**
     * Returns how many records of the range {@code group} has committed, and whether it has
     * committed every partition to the end of the range.
     */
    public Committed committed(Admin admin, String group)
            throws ExecutionException, InterruptedException {
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

    /** Returns the records of the range a group has committed, and whether that is all of them. */
    public record Committed(long records, boolean all) {}

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
}
