package io.qualitymonitor.report;

import io.qualitymonitor.app.TopicProvisioner;
import io.qualitymonitor.app.Wiring;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.drift.Baseline;
import io.qualitymonitor.drift.DriftSummary;
import io.qualitymonitor.drift.DriftSummaryException;
import io.qualitymonitor.stream.BaselineStoreUpdater;
import io.qualitymonitor.stream.DriftSample;
import io.qualitymonitor.stream.SegmentFanOut;
import io.qualitymonitor.stream.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;

/**
 * Builds named drift baselines from the scores topic over an event-time range and publishes them,
 * one record per segment, to the compacted baselines topic with the next version of that name;
 * reads them back for reports.
 */
public final class DriftBaselines {
    private final AppConfig live;
    private final Topics topics;

    /** Returns the builder for the topics of {@code live}. */
    public DriftBaselines(AppConfig live, Topics topics) {
        this.live = live;
        this.topics = topics;
    }

    /**
     * Returns what was published.
     *
     * @param counts scores per segment in the baseline
     */
    public record Published(String name, int version, Map<String, Long> counts) {}

    /**
     * Builds baseline {@code name} from the live scores with event time in {@code [from, to)} and
     * publishes it as its next version (creating the compacted baselines topic when missing).
     */
    public static Published buildAndPublish(AppConfig live, String name, Instant from, Instant to) {
        try (Wiring wiring = new Wiring(live)) {
            new TopicProvisioner(live.kafka().clientProperties())
                    .ensureCompacted(
                            List.of(live.topics().baselines()),
                            1,
                            live.topics().replicationFactor());
            DriftBaselines b = new DriftBaselines(live, wiring.topics());
            Map<String, DriftSummary> summaries = b.build(from, to);
            if (summaries.isEmpty()) {
                throw new ConfigException(
                        "no live scores on '"
                                + live.topics().scores()
                                + "' with event time in ["
                                + from
                                + ", "
                                + to
                                + ")");
            }
            return b.publish(name, summaries);
        }
    }

    /** Returns per segment the summary of the live scores with event time in {@code [from, to)}. */
    public Map<String, DriftSummary> build(Instant from, Instant to) {
        SegmentFanOut fanOut = new SegmentFanOut(live.drift(), topics.scores());
        Map<String, DriftSummary> bySegment = new TreeMap<>();
        new TopicScan(live.kafka().clientProperties())
                .scan(
                        topics.scores().name(),
                        r ->
                                fanOut.samples(r.value(), r.partition())
                                        .forEach(kv -> add(bySegment, kv, from, to)));
        return bySegment;
    }

    private void add(
            Map<String, DriftSummary> bySegment,
            KeyValue<String, byte[]> kv,
            Instant from,
            Instant to) {
        DriftSample s = DriftSample.fromBytes(kv.value);
        if (s.eventTimeMs() >= from.toEpochMilli() && s.eventTimeMs() < to.toEpochMilli()) {
            bySegment
                    .computeIfAbsent(kv.key, k -> DriftSummary.empty(live.drift().shape()))
                    .add(s.score(), s.projected());
        }
    }

    /** Publishes {@code summaries} as the next version of baseline {@code name}. */
    public Published publish(String name, Map<String, DriftSummary> summaries) {
        int version =
                latest(name).values().stream().mapToInt(Baseline::version).max().orElse(0) + 1;
        Properties p = live.kafka().clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        Map<String, Long> counts = new TreeMap<>();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            summaries.forEach(
                    (segment, summary) -> {
                        Baseline b = new Baseline(name, version, summary);
                        producer.send(
                                new ProducerRecord<>(
                                        topics.baselines().name(),
                                        BaselineStoreUpdater.key(name, segment),
                                        b.toBytes()));
                        counts.put(segment, summary.count());
                    });
            producer.flush();
        }
        return new Published(name, version, counts);
    }

    /** Returns the latest version of each segment of baseline {@code name} (empty if none). */
    public Map<String, Baseline> latest(String name) {
        String prefix = BaselineStoreUpdater.key(name, "");
        Map<String, Baseline> out = new TreeMap<>();
        new TopicScan(live.kafka().clientProperties())
                .scan(
                        topics.baselines().name(),
                        r -> {
                            if (r.key() != null && r.key().startsWith(prefix)) {
                                String segment = r.key().substring(prefix.length());
                                if (r.value() == null) {
                                    out.remove(segment);
                                } else {
                                    try {
                                        out.put(segment, Baseline.fromBytes(r.value()));
                                    } catch (DriftSummaryException e) {
                                        // a corrupt record is skipped; the next version replaces it
                                    }
                                }
                            }
                        });
        return out;
    }
}
