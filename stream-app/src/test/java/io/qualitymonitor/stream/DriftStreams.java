package io.qualitymonitor.stream;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.drift.Baseline;
import io.qualitymonitor.drift.DriftSummary;
import io.qualitymonitor.drift.FeatureProjection;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.serde.SchemaLookup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;

/** Builds drift test inputs: settings, score records with controlled scores, baselines. */
final class DriftStreams {
    private DriftStreams() {}

    /** Returns the configuration with {@code overrides} over the built-in defaults. */
    static AppConfig config(Map<String, String> overrides) {
        return ConfigLoader.fromProcess().load(null, overrides);
    }

    /** Returns the topics with serdes over an in-memory schema table (no registry). */
    static Topics topics(AppConfig config) {
        return Topics.from(config.topics(), new MapLookup(), config.registry());
    }

    /**
     * Returns a score on {@code platform} at {@code t}: score ~ N(mean, 12) clipped to 0-100, and 8
     * features ~ N(featureMean, 1).
     */
    static QualityScore score(
            Random random, String platform, long t, double mean, double featureMean) {
        return score(random, platform, t, mean, featureMean, "1.0");
    }

    /** Returns a score as {@link #score} does, made by model version {@code version}. */
    static QualityScore score(
            Random random,
            String platform,
            long t,
            double mean,
            double featureMean,
            String version) {
        List<Float> features = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            features.add((float) (featureMean + random.nextGaussian()));
        }
        return QualityScore.newBuilder()
                .setUploadId("u-" + t + "-" + platform)
                .setImageUri("file:///x.jpg")
                .setScore(Math.max(0, Math.min(100, mean + 12 * random.nextGaussian())))
                .setModelName("test")
                .setModelVersion(version)
                .setFetchMs(0)
                .setDecodeMs(0)
                .setInferenceMs(0)
                .setSegments(Map.of("platform", platform))
                .setEventTime(Instant.ofEpochMilli(t))
                .setScoredTime(Instant.ofEpochMilli(t))
                .setFeatures(features)
                .build();
    }

    /** Returns a baseline of {@code n} stationary scores (mean 65, features mean 0). */
    static Baseline baseline(AppConfig config, String name, int n, long seed) {
        Random random = new Random(seed);
        DriftSummary s = DriftSummary.empty(config.drift().shape());
        FeatureProjection projection =
                new FeatureProjection(
                        config.drift().shape().featureDim(), config.drift().shape().seed());
        for (int i = 0; i < n; i++) {
            QualityScore q = score(random, "any", i, 65, 0);
            float[] f = new float[8];
            for (int j = 0; j < 8; j++) {
                f[j] = q.getFeatures().get(j);
            }
            s.add(q.getScore(), projection.apply(f));
        }
        return new Baseline(name, 1, s);
    }

    /** Returns schema ids from a map, as a registry would. */
    private static final class MapLookup implements SchemaLookup {
        private final Map<String, Integer> ids = new HashMap<>();
        private final Map<Integer, Schema> schemas = new HashMap<>();

        @Override
        public synchronized int register(String subject, Schema schema) {
            return ids.computeIfAbsent(
                    schema.toString(),
                    k -> {
                        schemas.put(ids.size() + 1, schema);
                        return ids.size() + 1;
                    });
        }

        @Override
        public synchronized int lookupId(String subject, Schema schema) {
            return register(subject, schema);
        }

        @Override
        public synchronized Schema schemaById(int id) {
            return schemas.get(id);
        }
    }
}
