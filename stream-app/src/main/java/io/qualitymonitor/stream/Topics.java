package io.qualitymonitor.stream;

import io.qualitymonitor.config.RegistryConfig;
import io.qualitymonitor.config.TopicsConfig;
import io.qualitymonitor.schemas.DeadLetter;
import io.qualitymonitor.schemas.DriftAlert;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.schemas.QualityAlert;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.serde.AvroSerdes;
import io.qualitymonitor.serde.RegistryOutage;
import io.qualitymonitor.serde.SchemaLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;

/**
 * Returns every topic of the pipeline with its serdes, built once from {@link TopicsConfig}.
 *
 * @param uploadNames the input topics (unused when {@code uploadsPattern} is set)
 * @param uploadsPattern a regex of input topics, or null
 * @param uploadSerde the serde of the input values
 * @param baselines the compacted drift-baseline topic ({@code name|segment} to {@code
 *     drift.Baseline} bytes); not in {@link #allNames()} because it is created compacted
 * @param registryOutage whether the registry is available to the uploads' reads; readiness asks
 */
public record Topics(
        List<String> uploadNames,
        Pattern uploadsPattern,
        Serde<ImageUpload> uploadSerde,
        Topic<String, QualityScore> scores,
        Topic<String, QualityAlert> alerts,
        Topic<String, DriftAlert> drift,
        Topic<Bytes, DeadLetter> deadLetters,
        Topic<String, byte[]> baselines,
        RegistryOutage registryOutage) {

    /** Returns the descriptors with registry-backed Avro serdes for every value. */
    public static Topics from(TopicsConfig t, SchemaLookup registry, RegistryConfig r) {
        return new Topics(
                t.uploads(),
                t.uploadsPattern(),
                AvroSerdes.forClass(ImageUpload.class, registry, r, false),
                new Topic<>(
                        t.scores(),
                        Serdes.String(),
                        AvroSerdes.forClass(QualityScore.class, registry, r, false)),
                new Topic<>(
                        t.alerts(),
                        Serdes.String(),
                        AvroSerdes.forClass(QualityAlert.class, registry, r, false)),
                new Topic<>(
                        t.drift(),
                        Serdes.String(),
                        AvroSerdes.forClass(DriftAlert.class, registry, r, false)),
                new Topic<>(
                        t.deadLetters(),
                        Serdes.Bytes(),
                        AvroSerdes.forClass(DeadLetter.class, registry, r, false)),
                new Topic<>(t.baselines(), Serdes.String(), Serdes.ByteArray()),
                new RegistryOutage(r.outageRetryInterval(), registry::isReachable));
    }

    /** Returns the names of the output topics. */
    public List<String> outputNames() {
        return List.of(scores.name(), alerts.name(), drift.name(), deadLetters.name());
    }

    /** Returns the input topic names (empty when a pattern is used) and every output topic. */
    public List<String> allNames() {
        List<String> all = new ArrayList<>(uploadsPattern == null ? uploadNames : List.of());
        all.addAll(outputNames());
        return all;
    }
}
