package io.qualitymonitor.shadow;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.stream.AlertPolicy;
import io.qualitymonitor.stream.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Measures agreement from the last records of the shadow topic, as every instance wrote them (the
 * live score travels in each record's headers): what {@code model status} shows.
 *
 * @param agreements each segment's figures over the records read
 * @param records how many shadow records were read
 * @param candidateVersions the candidate versions seen, with their record counts
 */
public record ShadowTail(
        Agreements agreements, int records, Map<String, Integer> candidateVersions) {

    /** Reads at most {@code last} records per partition of the shadow topic, from its end. */
    public static ShadowTail read(AppConfig live, Topics topics, int last) {
        String topic = live.topics().shadow();
        AlertPolicy alerts = new AlertPolicy(live.alerts());
        Deserializer<QualityScore> scores = topics.scores().valueSerde().deserializer();
        Map<String, Integer> versions = new HashMap<>();
        int read = 0;
        Agreements agreements;
        Properties p = live.kafka().clientProperties();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts =
                    c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            // every record read counts: the window holds them all
            agreements = new Agreements(live.drift(), Math.max(1, last * parts.size()), null);
            c.assign(parts);
            Map<TopicPartition, Long> begin = c.beginningOffsets(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            parts.forEach(tp -> c.seek(tp, Math.max(begin.get(tp), end.get(tp) - last)));
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    Header liveScore = r.headers().lastHeader(ShadowScorer.LIVE_SCORE);
                    if (r.value() == null || liveScore == null) {
                        continue;
                    }
                    QualityScore s = scores.deserialize(topic, r.value());
                    double l =
                            Double.parseDouble(
                                    new String(liveScore.value(), StandardCharsets.UTF_8));
                    boolean flip =
                            alerts.crossed(l, s.getSegments()).isPresent()
                                    != alerts.crossed(s.getScore(), s.getSegments()).isPresent();
                    agreements.add(s.getSegments(), l, s.getScore(), flip, s.getInferenceMs());
                    versions.merge(s.getModelVersion(), 1, Integer::sum);
                    read++;
                }
            }
        }
        return new ShadowTail(agreements, read, versions);
    }
}
