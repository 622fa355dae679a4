package io.qualitymonitor.app.demo;

import io.qualitymonitor.model.ScoreField;
import io.qualitymonitor.schemas.DeadLetter;
import io.qualitymonitor.schemas.DriftAlert;
import io.qualitymonitor.schemas.QualityAlert;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.stream.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the output topics (read_committed, every partition, no consumer group) and shows each
 * record as it arrives; counts uploads accounted for (a score or a dead letter each) and their
 * end-to-end latency.
 */
public final class DemoObserver implements AutoCloseable {
    private final Topics topics;
    private final PrintWriter out;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private LatencyRecorder latency = new LatencyRecorder();
    private final Map<String, Long> perTopic = new TreeMap<>();
    private long accounted;

    public DemoObserver(Properties clientProps, Topics topics, PrintWriter out) {
        this.topics = topics;
        this.out = out;
        Properties props = (Properties) clientProps.clone();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts =
                topics.outputNames().stream()
                        .flatMap(t -> consumer.partitionsFor(t).stream())
                        .map(i -> new TopicPartition(i.topic(), i.partition()))
                        .toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /** Polls once and shows what arrived. */
    public void pollOnce() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            perTopic.merge(r.topic(), 1L, Long::sum);
            show(r);
        }
    }

    /** Interrupts a poll in progress, from any thread. */
    public void wakeup() {
        consumer.wakeup();
    }

    /** Starts counting and timing afresh (records already read are not read again). */
    public void reset() {
        accounted = 0;
        perTopic.clear();
        latency = new LatencyRecorder();
    }

    public long accounted() {
        return accounted;
    }

    public Map<String, Long> recordsPerTopic() {
        return Map.copyOf(perTopic);
    }

    public Map<String, Long> latencyPercentiles() {
        return latency.percentiles();
    }

    /** Returns the record's filled head and zero-shot scores, named as everywhere else. */
    static String fieldScores(QualityScore s) {
        StringBuilder out = new StringBuilder();
        for (ScoreField f : ScoreField.values()) {
            if (s.get(f.fieldName()) instanceof Double v) {
                out.append(String.format(Locale.ROOT, "  %s %.1f", f.fieldName(), v));
            }
        }
        return out.toString();
    }

    private void show(ConsumerRecord<byte[], byte[]> r) {
        String t = r.topic();
        if (t.equals(topics.scores().name())) {
            QualityScore s = topics.scores().valueSerde().deserializer().deserialize(t, r.value());
            accounted++;
            long ms = Duration.between(s.getEventTime(), Instant.now()).toMillis();
            latency.record(ms);
            out.printf(
                    Locale.ROOT,
                    "  score  %s %-22s %5.1f  %-16s %5d ms%s%n",
                    s.getUploadId(),
                    fileName(s.getImageUri()),
                    s.getScore(),
                    s.getSegments().get("platform"),
                    ms,
                    fieldScores(s));
        } else if (t.equals(topics.deadLetters().name())) {
            DeadLetter d =
                    topics.deadLetters().valueSerde().deserializer().deserialize(t, r.value());
            accounted++;
            out.printf("  DEAD   %s %s: %s%n", d.getUploadId(), d.getReason(), d.getMessage());
        } else if (t.equals(topics.alerts().name())) {
            QualityAlert a = topics.alerts().valueSerde().deserializer().deserialize(t, r.value());
            out.printf(
                    "  ALERT  %s %-22s %s%n",
                    a.getUploadId(), fileName(a.getImageUri()), a.getReason());
        } else if (t.equals(topics.drift().name())) {
            DriftAlert d = topics.drift().valueSerde().deserializer().deserialize(t, r.value());
            out.printf(
                    Locale.ROOT,
                    "  DRIFT  %s %s %s=%.3f (threshold %.3f) severity %s, window %s-%s (%d"
                            + " scores, mean %.1f) vs %s (mean %.1f)%n",
                    d.getStatus(),
                    d.getSegment(),
                    d.getMetric(),
                    d.getStatistic(),
                    d.getThreshold(),
                    d.getSeverity(),
                    LocalTime.ofInstant(d.getWindowStart(), ZoneOffset.UTC),
                    LocalTime.ofInstant(d.getWindowEnd(), ZoneOffset.UTC),
                    d.getSampleSize(),
                    d.getWindowMean() == null ? Double.NaN : d.getWindowMean(),
                    d.getBaselineId(),
                    d.getBaselineMean() == null ? Double.NaN : d.getBaselineMean());
        }
    }

    private static String fileName(String uri) {
        return uri.substring(uri.lastIndexOf('/') + 1);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
