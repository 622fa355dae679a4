package io.qualitymonitor.config;

import java.util.Map;
import java.util.Properties;

/**
 * Returns the Kafka client settings: bootstrap servers, application id, processing guarantee, and
 * every other {@code kafka.*} key passed through unchanged (SASL, TLS, tuning).
 */
public record KafkaConfig(
        String bootstrapServers,
        String applicationId,
        String processingGuarantee,
        int streamThreads,
        Map<String, String> passThrough) {

    /** Setting: the Kafka Streams application id, also the consumer group. */
    public static final String APPLICATION_ID = "kafka.application.id";

    static KafkaConfig from(RawConfig c) {
        String guarantee = c.getString("kafka.processing.guarantee");
        if (!guarantee.equals("exactly_once_v2") && !guarantee.equals("at_least_once")) {
            throw new ConfigException(
                    "setting 'kafka.processing.guarantee' must be exactly_once_v2 or at_least_once, got '"
                            + guarantee
                            + "'");
        }
        return new KafkaConfig(
                c.require("kafka.bootstrap.servers"),
                c.getString(APPLICATION_ID),
                guarantee,
                c.getPositiveInt("kafka.num.stream.threads"),
                Map.copyOf(c.withPrefix("kafka.")));
    }

    /** Returns a copy of this config pointing at other bootstrap servers (the embedded broker). */
    public KafkaConfig withBootstrapServers(String servers) {
        return new KafkaConfig(
                servers, applicationId, processingGuarantee, streamThreads, passThrough);
    }

    /**
     * Returns client properties: every pass-through key, with the bootstrap servers on top. Callers
     * add their own role-specific settings (serdes, transactional ids) after this.
     */
    public Properties clientProperties() {
        Properties p = new Properties();
        passThrough.forEach(p::setProperty);
        p.remove("application.id");
        p.remove("processing.guarantee");
        p.remove("num.stream.threads");
        p.setProperty("bootstrap.servers", bootstrapServers);
        return p;
    }
}
