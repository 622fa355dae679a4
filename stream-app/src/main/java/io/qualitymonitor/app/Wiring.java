package io.qualitymonitor.app;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.schemas.DeadLetter;
import io.qualitymonitor.schemas.DriftAlert;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.schemas.QualityAlert;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.serde.CompatibilityLevel;
import io.qualitymonitor.serde.SchemaRegistryClient;
import io.qualitymonitor.serde.SubjectNameStrategy;
import io.qualitymonitor.stream.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serde;

/**
 * Returns the shared pieces built from one configuration: the registry client and the topic
 * descriptors; registers the schemas of every topic.
 */
public final class Wiring implements AutoCloseable {
    private final AppConfig live;
    private final SchemaRegistryClient registry;
    private final Topics topics;

    public Wiring(AppConfig live) {
        this.live = live;
        this.registry = new SchemaRegistryClient(live.registry());
        this.topics = Topics.from(live.topics(), registry, live.registry());
    }

    public AppConfig live() {
        return live;
    }

    public Topics topics() {
        return topics;
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    public Serde<ImageUpload> uploadSerde() {
        return topics.uploadSerde();
    }

    /** Returns every topic the pipeline reads or writes, the compacted baselines topic included. */
    public List<String> allTopicNames() {
        List<String> all = new ArrayList<>(topics.allNames());
        all.add(live.topics().baselines());
        return all;
    }

    /**
     * Creates the missing topics: the pipeline's with {@code topics.partitions}, the drift
     * baselines topic compacted with one partition. Returns the names created.
     */
    public List<String> provisionTopics() {
        TopicProvisioner provisioner = new TopicProvisioner(live.kafka().clientProperties());
        short rf = live.topics().replicationFactor();
        List<String> created =
                new ArrayList<>(
                        provisioner.ensure(topics.allNames(), live.topics().partitions(), rf));
        created.addAll(provisioner.ensureCompacted(List.of(live.topics().baselines()), 1, rf));
        return created;
    }

    /**
     * Registers each topic's value schema under its subject, with BACKWARD compatibility, and
     * returns subject to schema id.
     */
    public Map<String, Integer> registerSchemas() {
        SubjectNameStrategy strategy =
                SubjectNameStrategy.fromConfig(live.registry().subjectNameStrategy());
        Map<String, Schema> byTopic = new LinkedHashMap<>();
        if (topics.uploadsPattern() == null) {
            topics.uploadNames().forEach(n -> byTopic.put(n, ImageUpload.getClassSchema()));
        }
        byTopic.put(topics.scores().name(), QualityScore.getClassSchema());
        byTopic.put(topics.alerts().name(), QualityAlert.getClassSchema());
        byTopic.put(topics.drift().name(), DriftAlert.getClassSchema());
        byTopic.put(topics.deadLetters().name(), DeadLetter.getClassSchema());
        Map<String, Integer> ids = new LinkedHashMap<>();
        byTopic.forEach(
                (topic, schema) -> {
                    String subject = strategy.subject(topic, schema, false);
                    ids.put(subject, registry.register(subject, schema));
                    registry.setCompatibility(subject, CompatibilityLevel.BACKWARD);
                });
        return ids;
    }

    @Override
    public void close() {
        registry.close();
    }
}
