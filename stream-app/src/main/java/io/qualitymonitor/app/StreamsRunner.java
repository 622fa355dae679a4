package io.qualitymonitor.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.qualitymonitor.config.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a topology with Kafka Streams: start, readiness, metrics binding and clean shutdown. */
public final class StreamsRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics metrics;
    private final AutoCloseable fencingLog;

    public StreamsRunner(AppConfig live, Topology topology, MeterRegistry meters) {
        this.streams = new KafkaStreams(topology, properties(live));
        this.streams.setUncaughtExceptionHandler(
                e -> {
                    LOG.error("stream thread failed; replacing it: {}", e.toString(), e);
                    return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                            .REPLACE_THREAD;
                });
        this.streams.setStateListener(
                (now, before) -> LOG.info("Kafka Streams state {} -> {}", before, now));
        this.metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(meters);
        this.fencingLog = FencingLog.install(meters);
    }

    /** Returns the Kafka Streams settings derived from the configuration. */
    static Properties properties(AppConfig live) {
        Properties p = live.kafka().clientProperties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, live.kafka().applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, live.kafka().processingGuarantee());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, live.kafka().streamThreads());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) live.topics().replicationFactor());
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (!p.containsKey(StreamsConfig.STATE_DIR_CONFIG)) {
            p.put(StreamsConfig.STATE_DIR_CONFIG, tempStateDir().toString());
        }
        // kafka.* pass-through keys may override any of the above on purpose
        live.kafka().passThrough().forEach(p::put);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, live.kafka().bootstrapServers());
        return p;
    }

    private static Path tempStateDir() {
        try {
            return Files.createTempDirectory("quality-monitor-state-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a state folder", e);
        }
    }

    /** Starts processing. */
    public void start() {
        streams.start();
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
        if (!streams.close(timeout)) {
            // its threads still run and may still be fenced: the filter stays
            LOG.warn("Kafka Streams did not stop within {}", timeout);
            return false;
        }
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
