package io.qualitymonitor.app;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.schemas.DeadLetter;
import io.qualitymonitor.schemas.DriftAlert;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.schemas.QualityAlert;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.serde.CompatibilityLevel;
import io.qualitymonitor.serde.PublishedSchema;
import io.qualitymonitor.serde.SchemaRegistryClient;
import io.qualitymonitor.serde.SubjectNameStrategy;
import io.qualitymonitor.stream.Topics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns the shared pieces built from one configuration: the registry client and the topic
 * descriptors; registers the schemas of every topic.
 */
public final class Wiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);

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

    /**
     * Returns every topic the pipeline reads or writes, the compacted baselines topic included (and
     * the shadow topic when a shadow model is configured).
     */
    public List<String> allTopicNames() {
        List<String> all = new ArrayList<>(pipelineTopicNames());
        all.add(live.topics().baselines());
        return all;
    }

    private List<String> pipelineTopicNames() {
        List<String> all = new ArrayList<>(topics.allNames());
        if (live.shadow().enabled()) {
            all.add(live.topics().shadow());
        }
        return all;
    }

    /**
     * Creates the missing topics: the pipeline's with {@code topics.partitions}, the drift
     * baselines and model control topics compacted with one partition. Returns the names created.
     */
    public List<String> provisionTopics() {
        TopicProvisioner provisioner = new TopicProvisioner(live.kafka().clientProperties());
        short rf = live.topics().replicationFactor();
        List<String> created =
                new ArrayList<>(
                        provisioner.ensure(pipelineTopicNames(), live.topics().partitions(), rf));
        created.addAll(
                provisioner.ensureCompacted(
                        List.of(live.topics().baselines(), live.topics().modelControl()), 1, rf));
        return created;
    }

    /**
     * Returns the value subjects of the pipeline's topics, in order, with their schemas (the
     * published {@code .avsc} form) and whether they are inputs; input subjects are left out when
     * the uploads are a pattern.
     */
    public Map<String, SubjectSchema> subjects() {
        SubjectNameStrategy strategy =
                SubjectNameStrategy.fromConfig(live.registry().subjectNameStrategy());
        Map<String, SubjectSchema> out = new LinkedHashMap<>();
        if (topics.uploadsPattern() == null) {
            topics.uploadNames()
                    .forEach(n -> put(out, strategy, n, ImageUpload.getClassSchema(), true));
        }
        put(out, strategy, topics.scores().name(), QualityScore.getClassSchema(), false);
        put(out, strategy, topics.alerts().name(), QualityAlert.getClassSchema(), false);
        put(out, strategy, topics.drift().name(), DriftAlert.getClassSchema(), false);
        put(out, strategy, topics.deadLetters().name(), DeadLetter.getClassSchema(), false);
        if (live.shadow().enabled()) {
            put(out, strategy, live.topics().shadow(), QualityScore.getClassSchema(), false);
        }
        return out;
    }

    private static void put(
            Map<String, SubjectSchema> out,
            SubjectNameStrategy strategy,
            String topic,
            Schema schema,
            boolean input) {
        out.putIfAbsent(
                strategy.subject(topic, schema, false),
                new SubjectSchema(PublishedSchema.of(schema), input));
    }

    /**
     * Returns a subject's schema, as registered, and whether the pipeline reads it.
     *
     * @param input true for the uploads' subjects, which producers write
     */
    public record SubjectSchema(Schema schema, boolean input) {}

    /**
     * Registers each topic's value schema under its subject and returns subject to schema id.
     * Subjects it creates get {@code registry.compatibility.input} (uploads) or {@code
     * registry.compatibility.output}; existing subjects keep their own settings.
     */
    public Map<String, Integer> registerSchemas() {
        Set<String> existing = new HashSet<>(registry.subjects());
        Map<String, Integer> ids = new LinkedHashMap<>();
        subjects()
                .forEach(
                        (subject, s) -> {
                            ids.put(subject, registry.register(subject, s.schema()));
                            if (!existing.contains(subject)) {
                                String level =
                                        s.input()
                                                ? live.registry().inputCompatibility()
                                                : live.registry().outputCompatibility();
                                registry.setCompatibility(
                                        subject, CompatibilityLevel.valueOf(level));
                                LOG.info("subject {} created, compatibility {}", subject, level);
                            }
                        });
        return ids;
    }

    @Override
    public void close() {
        registry.close();
    }
}
