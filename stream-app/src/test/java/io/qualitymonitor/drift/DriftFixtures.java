package io.qualitymonitor.drift;

import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.config.DriftConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

/** Builds drift settings through the real loader and seeded synthetic score populations. */
final class DriftFixtures {
    static final int FEATURES = 64;

    private DriftFixtures() {}

    /** Returns the drift settings: built-in defaults plus {@code overrides}. */
    static DriftConfig config(Map<String, String> overrides) {
        return DriftConfig.from(
                new ConfigLoader(Map.of(), new Properties())
                        .loadRaw(null, new HashMap<>(overrides)));
    }

    static DriftConfig defaults() {
        return config(Map.of());
    }

    /**
     * A population of uploads: scores normal around {@code mean} (clamped to 0-100), and 64-value
     * feature vectors that follow the score plus noise, moved by {@code featureShift} in every
     * value (a new camera pipeline). A share {@code blurShare} of uploads is blurred: its score
     * falls by 25 points and its features move by 0.5.
     */
    record Population(double mean, double sd, double featureShift, double blurShare) {
        static final Population STEADY = new Population(65, 12, 0, 0);

        Population withMean(double m) {
            return new Population(m, sd, featureShift, blurShare);
        }

        Population withFeatureShift(double s) {
            return new Population(mean, sd, s, blurShare);
        }

        Population withBlurShare(double share) {
            return new Population(mean, sd, featureShift, share);
        }

        /** Adds {@code n} records drawn with {@code random} to {@code summary}. */
        void fill(DriftSummary summary, int n, SplittableRandom random, FeatureProjection p) {
            for (int i = 0; i < n; i++) {
                boolean blurred = random.nextDouble() < blurShare;
                double drop = blurred ? 25 : 0;
                double shift = featureShift + (blurred ? 0.5 : 0);
                double score = Math.clamp(mean - drop + sd * random.nextGaussian(), 0.0, 100.0);
                float[] features = new float[FEATURES];
                for (int j = 0; j < FEATURES; j++) {
                    double signal = j < 8 ? (score - 65) / 12 : 0;
                    features[j] = (float) (random.nextGaussian() + signal + shift);
                }
                summary.add(score, p.apply(features));
            }
        }

        /** Returns a new summary of {@code n} records. */
        DriftSummary summary(DriftConfig c, int n, SplittableRandom random) {
            DriftSummary s = DriftSummary.empty(c.shape());
            fill(s, n, random, projection(c));
            return s;
        }
    }

    static FeatureProjection projection(DriftConfig c) {
        return new FeatureProjection(c.shape().featureDim(), c.shape().seed());
    }
}
