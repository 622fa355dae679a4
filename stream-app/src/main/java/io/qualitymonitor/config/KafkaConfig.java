package io.qualitymonitor.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Returns the Kafka client settings: bootstrap servers, application id, processing guarantee, the
 * transaction timeout, the instance's identity (static group membership and its state folder), and
 * every other {@code kafka.*} key passed through unchanged (SASL, TLS, tuning).
 *
 * @param transactionTimeout how long an exactly-once transaction may stay open: {@code
 *     kafka.transaction.timeout.ms}, or computed from the worst-case batch time ({@link
 *     #transactionTimeoutFor})
 * @param instanceId {@code instance.id}: the static group member id and the name of the state
 *     folder, stable across restarts; null for dynamic membership and a fresh state folder
 * @param stateDir {@code kafka.state.dir}, or a folder named after the instance id in the system
 *     temporary folder; null for a fresh temporary folder per run
 */
public record KafkaConfig(
        String bootstrapServers,
        String applicationId,
        String processingGuarantee,
        int streamThreads,
        Map<String, String> passThrough,
        Duration transactionTimeout,
        String instanceId,
        Path stateDir) {

    /** Setting: the Kafka Streams application id, also the consumer group. */
    public static final String APPLICATION_ID = "kafka.application.id";

    /** Setting: the instance's stable id (static membership, state folder); "none" for neither. */
    public static final String INSTANCE_ID = "instance.id";

    /** Setting: the longest the model may take over one batch, fallback included. */
    public static final String BATCH_WORST_CASE_MS = "batch.worst.case.ms";

    /** The folder under the system temporary folder that holds the instances' state folders. */
    public static final String STATE_FOLDER = "quality-monitor-state";

    // a broker refuses transaction timeouts above its transaction.max.timeout.ms (15 min default)
    private static final Duration MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration MIN_TRANSACTION_TIMEOUT = Duration.ofMinutes(1);

    static KafkaConfig from(RawConfig c) {
        String guarantee = c.getString("kafka.processing.guarantee");
        if (!guarantee.equals("exactly_once_v2") && !guarantee.equals("at_least_once")) {
            throw new ConfigException(
                    "setting 'kafka.processing.guarantee' must be exactly_once_v2 or at_least_once, got '"
                            + guarantee
                            + "'");
        }
        Map<String, String> passThrough = Map.copyOf(c.withPrefix("kafka."));
        String explicitTimeout = passThrough.get("transaction.timeout.ms");
        Duration transactionTimeout =
                explicitTimeout != null
                        ? millis("kafka.transaction.timeout.ms", explicitTimeout)
                        : transactionTimeoutFor(
                                c.getMillis(FetchConfig.TIMEOUT_MS),
                                c.getMillis(BATCH_WORST_CASE_MS));
        String id = c.getString(INSTANCE_ID, "").trim();
        String instanceId = id.isEmpty() || id.equalsIgnoreCase("none") ? null : id;
        if (instanceId != null && !instanceId.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigException(
                    "setting 'instance.id' may hold letters, digits, '.', '_' and '-' only, got '"
                            + instanceId
                            + "'");
        }
        String dir = passThrough.get("state.dir");
        Path stateDir =
                dir != null && !dir.isBlank()
                        ? Path.of(dir)
                        : instanceId == null
                                ? null
                                : Path.of(System.getProperty("java.io.tmpdir"), STATE_FOLDER)
                                        .resolve(instanceId);
        return new KafkaConfig(
                c.require("kafka.bootstrap.servers"),
                c.getString(APPLICATION_ID),
                guarantee,
                c.getPositiveInt("kafka.num.stream.threads"),
                passThrough,
                transactionTimeout,
                instanceId,
                stateDir);
    }

    private static Duration millis(String key, String value) {
        try {
            long ms = Long.parseLong(value.trim());
            if (ms > 0) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(
                "setting '"
                        + key
                        + "' must be a positive number of milliseconds, got '"
                        + value
                        + "'");
    }

    /**
     * Returns the transaction timeout for batches whose fetches take at most {@code fetchTimeout}
     * and whose model work takes at most {@code batchWorstCase}: a stream thread scores at most two
     * batches in one call (the held one and an expired one) after waiting for their fetches, all
     * inside one transaction; twice that, between 1 and 15 minutes.
     */
    public static Duration transactionTimeoutFor(Duration fetchTimeout, Duration batchWorstCase) {
        Duration worstCall = fetchTimeout.plus(batchWorstCase.multipliedBy(2));
        Duration t = worstCall.multipliedBy(2);
        if (t.compareTo(MIN_TRANSACTION_TIMEOUT) < 0) {
            return MIN_TRANSACTION_TIMEOUT;
        }
        return t.compareTo(MAX_TRANSACTION_TIMEOUT) > 0 ? MAX_TRANSACTION_TIMEOUT : t;
    }

    /** Returns a copy of this config pointing at other bootstrap servers (the embedded broker). */
    public KafkaConfig withBootstrapServers(String servers) {
        return new KafkaConfig(
                servers,
                applicationId,
                processingGuarantee,
                streamThreads,
                passThrough,
                transactionTimeout,
                instanceId,
                stateDir);
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
