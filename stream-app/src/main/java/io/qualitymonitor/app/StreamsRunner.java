package io.qualitymonitor.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.KafkaConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a topology with Kafka Streams: start, readiness, metrics binding and clean shutdown. */
public final class StreamsRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    // Kafka Streams' own default, 45 s, is how long a crashed instance's partitions wait when no
    // instance takes its place (with static membership a restarted one does so at once)
    private static final int SESSION_TIMEOUT_MS = 15_000;
    private static final int HEARTBEAT_INTERVAL_MS = 3_000;
    private static final int MIN_MAX_POLL_INTERVAL_MS = 300_000;

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics metrics;
    private final AutoCloseable fencingLog;
    private final StateFolder stateFolder;
    private final String applicationId;
    private volatile boolean hasRun;
    private volatile Runnable onRunning = () -> {};

    public StreamsRunner(AppConfig live, Topology topology, MeterRegistry meters) {
        this.stateFolder = StateFolder.of(live.kafka());
        this.applicationId = live.kafka().applicationId();
        this.streams = new KafkaStreams(topology, properties(live, stateFolder.path()));
        this.streams.setUncaughtExceptionHandler(
                e -> {
                    if (FencingLog.isFencing(e)) {
                        LOG.warn("stream thread fenced; replacing it: {}", e.toString());
                    } else {
                        LOG.error("stream thread failed; replacing it: {}", e.toString(), e);
                    }
                    return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                            .REPLACE_THREAD;
                });
        this.streams.setStateListener(
                (now, before) -> {
                    LOG.info("Kafka Streams state {} -> {}", before, now);
                    if (now == KafkaStreams.State.RUNNING) {
                        hasRun = true;
                        onRunning.run();
                    }
                });
        this.metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(meters);
        this.fencingLog = FencingLog.install(meters);
    }

    /**
     * Returns the Kafka Streams settings derived from the configuration, with state in {@code
     * stateDir}.
     */
    static Properties properties(AppConfig live, Path stateDir) {
        KafkaConfig kafka = live.kafka();
        Properties p = kafka.clientProperties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, kafka.processingGuarantee());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, kafka.streamThreads());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) live.topics().replicationFactor());
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        int transactionMs = (int) kafka.transactionTimeout().toMillis();
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, transactionMs);
        // the consumer must not be dropped from the group while a long batch is scored either
        p.put(
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                Math.max(MIN_MAX_POLL_INTERVAL_MS, transactionMs));
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
        if (kafka.instanceId() != null) {
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, kafka.instanceId());
        }
        // kafka.* pass-through keys may override any of the above on purpose
        kafka.passThrough().forEach(p::put);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return p;
    }

    /** Starts processing. */
    public void start() {
        streams.start();
    }

    /** Makes Kafka Streams call {@code action} each time it becomes RUNNING; call before start. */
    public void onRunning(Runnable action) {
        this.onRunning = action;
    }

    /** Returns true once the application has been RUNNING, whatever its state now. */
    public boolean hasRun() {
        return hasRun;
    }

    /** Returns true once the application is RUNNING (all tasks assigned and restored). */
    public boolean isReady() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Returns true unless the application died (ERROR or shut down). */
    public boolean isAlive() {
        return streams.state().isRunningOrRebalancing()
                || streams.state() == KafkaStreams.State.CREATED;
    }

    /** Returns how many partitions of {@code topic} this instance's active tasks read now. */
    public long activePartitions(String topic) {
        return streams.metadataForLocalThreads().stream()
                .flatMap(t -> t.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .filter(tp -> tp.topic().equals(topic))
                .count();
    }

    /** Returns the current Kafka Streams state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Stops processing, committing what was processed, within {@code timeout}; returns false when
     * the stream threads still run after it.
     */
    public boolean close(Duration timeout) {
        metrics.close();
        // a static member stays in the group after a plain close, its partitions idle until its
        // session times out; a clean stop hands them to the other instances at once
        CloseOptions leave =
                CloseOptions.timeout(timeout)
                        .withGroupMembershipOperation(
                                CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        if (!streams.close(leave)) {
            // its threads still run and may still be fenced: the filter stays
            LOG.warn("Kafka Streams did not stop within {}", timeout);
            return false;
        }
        // a clean stop committed everything: nothing in the state folder is needed again
        try {
            streams.cleanUp();
        } catch (RuntimeException e) {
            LOG.warn("cannot remove the state folder {}: {}", stateFolder.path(), e.toString());
        }
        stateFolder.deleteApplication(applicationId);
        stateFolder.deleteIfEmpty();
        try {
            fencingLog.close();
        } catch (Exception e) {
            LOG.debug("cannot remove the fencing log filter", e);
        }
        return true;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
