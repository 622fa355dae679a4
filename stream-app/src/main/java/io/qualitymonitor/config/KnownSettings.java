package io.qualitymonitor.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Returns which setting keys exist, and refuses the others with one line naming the closest known
 * key. Every setting is declared in the built-in defaults file (with its default, or empty when the
 * default is computed); besides those, two kinds of keys are open-ended:
 *
 * <ul>
 *   <li>{@code kafka.<name>} goes to the Kafka clients unchanged, so {@code name} must be a setting
 *       of Kafka's producer, consumer, admin client or Streams, or a Streams setting for one of its
 *       clients or topics ({@code producer.}, {@code consumer.}, {@code main.consumer.}, {@code
 *       restore.consumer.}, {@code global.consumer.}, {@code admin.}, {@code topic.} + name);
 *   <li>{@code registry.request.header.<name>} sets an extra header of registry requests;
 *   <li>{@code alerts.threshold.<label>.<value>}, {@code model.shadow.sample.<label>.<value>} and
 *       {@code drift.override.<name>.<key>} are families whose form {@link AlertConfig}, {@link
 *       ShadowConfig} and {@link DriftLimits} check.
 * </ul>
 */
final class KnownSettings {
    /** The pass-through prefix of Kafka client settings. */
    static final String KAFKA = "kafka.";

    /** Prefixes of the per-segment families. */
    static final List<String> FAMILIES =
            List.of(
                    "alerts.threshold.",
                    "drift.override.",
                    ShadowConfig.SAMPLE + ".",
                    RegistryConfig.REQUEST_HEADER_PREFIX);

    private static final String LIST = "see quality-monitor-defaults.properties for the list";

    private final Set<String> declared;
    private final Set<String> kafka;

    /** Returns the settings: {@code declared} (the defaults file's keys) and the open kinds. */
    KnownSettings(Set<String> declared) {
        this.declared = new TreeSet<>(declared);
        this.kafka = kafkaNames();
    }

    /** Returns the keys of the defaults file, sorted. */
    Set<String> declared() {
        return declared;
    }

    /** Returns whether {@code key} is a setting. */
    boolean isKnown(String key) {
        return declared.contains(key)
                || FAMILIES.stream().anyMatch(key::startsWith)
                || key.startsWith(KAFKA) && kafka.contains(key.substring(KAFKA.length()));
    }

    /**
     * Throws a {@link ConfigException} when {@code key} is not a setting: "unknown setting SHOWN;
     * did you mean CLOSEST?", where {@code shown} is the key as the user gave it (e.g. {@code
     * QM_FETCH_ALLOW_HOST}) and {@code spell} writes the closest key the same way.
     */
    void check(String key, String shown, UnaryOperator<String> spell) {
        if (!isKnown(key)) {
            throw new ConfigException(
                    "unknown setting "
                            + shown
                            + closest(key)
                                    .map(k -> "; did you mean " + spell.apply(k) + "?")
                                    .orElse(" (" + LIST + ")"));
        }
    }

    /**
     * Returns the known key nearest to {@code key} in edit distance, when it is near enough to be
     * the key meant (at most a quarter of the key's length, and at least 2 edits, apart).
     */
    Optional<String> closest(String key) {
        LevenshteinDistance distance = new LevenshteinDistance(Math.max(2, key.length() / 4));
        List<String> candidates = new ArrayList<>(declared);
        kafka.forEach(k -> candidates.add(KAFKA + k));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance.apply(key, c);
            if (d >= 0 && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Set<String> kafkaNames() {
        Set<String> out = new TreeSet<>();
        Set<String> producer = ProducerConfig.configNames();
        Set<String> consumer = ConsumerConfig.configNames();
        Set<String> admin = AdminClientConfig.configNames();
        out.addAll(producer);
        out.addAll(consumer);
        out.addAll(admin);
        out.addAll(StreamsConfig.configDef().names());
        producer.forEach(n -> out.add(StreamsConfig.PRODUCER_PREFIX + n));
        for (String prefix :
                List.of(
                        StreamsConfig.CONSUMER_PREFIX,
                        StreamsConfig.MAIN_CONSUMER_PREFIX,
                        StreamsConfig.RESTORE_CONSUMER_PREFIX,
                        StreamsConfig.GLOBAL_CONSUMER_PREFIX)) {
            consumer.forEach(n -> out.add(prefix + n));
        }
        admin.forEach(n -> out.add(StreamsConfig.ADMIN_CLIENT_PREFIX + n));
        topicNames().forEach(n -> out.add(StreamsConfig.TOPIC_PREFIX + n));
        return out;
    }

    /** Returns the topic-level settings, which Kafka declares as constants, not as a ConfigDef. */
    private static List<String> topicNames() {
        List<String> out = new ArrayList<>();
        for (Field f : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    && f.getType() == String.class
                    && f.getName().endsWith("_CONFIG")) {
                try {
                    out.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }
}
