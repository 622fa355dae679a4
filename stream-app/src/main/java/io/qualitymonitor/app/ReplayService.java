package io.qualitymonitor.app;

import io.micrometer.core.instrument.Counter;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.stream.OutcomeRouter;
import io.qualitymonitor.stream.QualityTopology;
import io.qualitymonitor.stream.ScoringProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-scores a time range of the upload topics with the configured model through the same pipeline
 * as live scoring. The run has its own application id ({@code <kafka.application.id>-<run id>});
 * its consumer group starts at the first offset at or after {@code from} in every input partition
 * and the run ends when the group has committed every partition up to the end offsets read at
 * start-up (or the first offset at or after {@code to}) and every record read has its outcome
 * (committed offsets also cover records waiting in the scoring buffer); closing the pipeline then
 * commits the last outcomes. Its scores, alerts and dead letters go to the configured output topics
 * with {@code replayRunId} set, and drift monitoring leaves them out.
 */
public final class ReplayService {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayService.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final AppConfig config;
    private final Options options;

    /**
     * What to replay.
     *
     * @param runId the replay run id, written into every output record
     * @param from first event time to replay (by record timestamp), or null for the beginning
     * @param to end of the range (exclusive), or null for the end offsets at start-up
     * @param createTopics create missing topics and register the schemas first
     * @param timeout how long the run may take before it stops with an error
     */
    public record Options(
            String runId, Instant from, Instant to, boolean createTopics, Duration timeout) {}

    /**
     * What a run did.
     *
     * @param runId the replay run id
     * @param records records in the range
     * @param scores scores published
     * @param deadLetters dead letters published
     * @param alerts alerts published
     * @param seconds wall-clock time of the scoring
     */
    public record Summary(
            String runId,
            long records,
            long scores,
            long deadLetters,
            long alerts,
            double seconds) {}

    /** Receives the size of the range, then the records done so far. */
    public interface Progress {
        /** Called once with the number of records to replay. */
        void planned(long records);

        /** Called as records are committed. */
        void done(long records);
    }

    /**
     * Creates the service; {@code config} is the configuration of the run: the live endpoints,
     * topics and model, with the run's own {@code kafka.application.id} ({@link #applicationId}).
     */
    public ReplayService(AppConfig config, Options options) {
        this.config = config;
        this.options = options;
    }

    /** Returns the application id of a replay run: the configured one with the run id appended. */
    public static String applicationId(AppConfig config, String runId) {
        return config.kafka().applicationId() + "-" + runId;
    }

    /** Replays the range and returns what was published; blocks until done. */
    public Summary run(Progress progress) throws InterruptedException {
        String group = config.kafka().applicationId();
        try (Wiring wiring = new Wiring(config);
                Admin admin = Admin.create(config.kafka().clientProperties())) {
            StartupChecks.prepare(config, wiring, options.createTopics(), STARTUP_TIMEOUT);
            Map<TopicPartition, long[]> range = range(admin, wiring);
            long total = range.values().stream().mapToLong(r -> r[1] - r[0]).sum();
            progress.planned(total);
            LOG.info(
                    "replay {}: {} records in {} partitions, group {}",
                    options.runId(),
                    total,
                    range.size(),
                    group);
            if (total == 0) {
                return new Summary(options.runId(), 0, 0, 0, 0, 0);
            }
            Map<TopicPartition, OffsetAndMetadata> already =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            range.forEach(
                    (tp, r) -> {
                        if (already.get(tp) == null) {
                            start.put(tp, new OffsetAndMetadata(r[0]));
                        }
                    });
            if (start.size() < range.size()) {
                LOG.info("replay {}: goes on where the run stopped before", options.runId());
            }
            if (!start.isEmpty()) {
                admin.alterConsumerGroupOffsets(group, start).all().get();
            }
            long t0 = System.nanoTime();
            try (ScoringApp pipeline = ScoringApp.start(config, wiring.topics(), options.runId())) {
                awaitEnd(admin, group, range, pipeline, progress);
                double seconds = (System.nanoTime() - t0) / 1e9;
                return new Summary(
                        options.runId(),
                        total,
                        count(pipeline, QualityTopology.SCORES_SINK),
                        count(pipeline, QualityTopology.DEAD_LETTERS_SINK),
                        count(pipeline, QualityTopology.ALERTS_SINK),
                        seconds);
            }
        } catch (ExecutionException e) {
            throw new StartupException("replay failed: " + e.getCause().getMessage(), e);
        }
    }

    /** Returns [start, end) offsets per input partition with at least one record in range. */
    private Map<TopicPartition, long[]> range(Admin admin, Wiring wiring)
            throws ExecutionException, InterruptedException {
        List<String> topics = new ArrayList<>(wiring.topics().uploadNames());
        if (wiring.topics().uploadsPattern() != null) {
            topics =
                    admin.listTopics().names().get().stream()
                            .filter(t -> wiring.topics().uploadsPattern().matcher(t).matches())
                            .sorted()
                            .toList();
        }
        Properties props = config.kafka().clientProperties();
        Map<TopicPartition, long[]> out = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics) {
                c.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            }
            Map<TopicPartition, Long> begin = c.beginningOffsets(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            Map<TopicPartition, Long> from = offsetsAt(c, parts, options.from(), begin, end);
            Map<TopicPartition, Long> to = offsetsAt(c, parts, options.to(), end, end);
            for (TopicPartition tp : parts) {
                if (to.get(tp) > from.get(tp)) {
                    out.put(tp, new long[] {from.get(tp), to.get(tp)});
                }
            }
        }
        return out;
    }

    private static Map<TopicPartition, Long> offsetsAt(
            KafkaConsumer<byte[], byte[]> c,
            List<TopicPartition> parts,
            Instant time,
            Map<TopicPartition, Long> ifNone,
            Map<TopicPartition, Long> end) {
        if (time == null) {
            return ifNone;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        parts.forEach(tp -> query.put(tp, time.toEpochMilli()));
        Map<TopicPartition, Long> out = new HashMap<>();
        Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(query);
        for (TopicPartition tp : parts) {
            OffsetAndTimestamp o = found.get(tp);
            out.put(tp, o == null ? end.get(tp) : o.offset());
        }
        return out;
    }

    private void awaitEnd(
            Admin admin,
            String group,
            Map<TopicPartition, long[]> range,
            ScoringApp pipeline,
            Progress progress)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            long done = 0;
            boolean finished = true;
            for (var e : range.entrySet()) {
                OffsetAndMetadata o = committed.get(e.getKey());
                long at = o == null ? e.getValue()[0] : Math.min(o.offset(), e.getValue()[1]);
                done += at - e.getValue()[0];
                finished &= at >= e.getValue()[1];
            }
            progress.done(done);
            // committed offsets cover records still in the scoring buffer: wait for their outcomes
            finished &= outcomes(pipeline) >= recordsIn(pipeline);
            if (finished) {
                return;
            }
            if (!pipeline.isAlive()) {
                throw new StartupException(
                        "Kafka Streams stopped during the replay (state "
                                + pipeline.state()
                                + "); see the log above for the cause");
            }
            if (System.nanoTime() > deadline) {
                throw new StartupException(
                        "replay did not finish within "
                                + options.timeout().toMinutes()
                                + " minutes ("
                                + done
                                + " records committed); run it again with the same --run-id to"
                                + " go on");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static long recordsIn(ScoringApp pipeline) {
        return (long)
                pipeline.meters().find(ScoringProcessor.RECORDS_IN).counters().stream()
                        .mapToDouble(Counter::count)
                        .sum();
    }

    private static long outcomes(ScoringApp pipeline) {
        return count(pipeline, QualityTopology.SCORES_SINK)
                + count(pipeline, QualityTopology.DEAD_LETTERS_SINK);
    }

    private static long count(ScoringApp pipeline, String sink) {
        Counter c = pipeline.meters().find(OutcomeRouter.RECORDS_OUT).tag("sink", sink).counter();
        return c == null ? 0 : (long) c.count();
    }
}
