package io.qualitymonitor.shadow;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.OneLine;
import io.qualitymonitor.config.ShadowConfig;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.scoring.BatchScorer;
import io.qualitymonitor.scoring.Outcome;
import io.qualitymonitor.scoring.Prepared;
import io.qualitymonitor.stream.AlertPolicy;
import io.qualitymonitor.stream.OutputRecords;
import io.qualitymonitor.stream.PendingUpload;
import io.qualitymonitor.stream.ScoreTap;
import io.qualitymonitor.stream.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a sample of the live uploads with a candidate bundle, off the stream thread: each live
 * score's prepared image goes to a bounded queue (dropped and counted when it is full, so the live
 * path never waits), a worker scores the queue in batches and writes each {@link QualityScore} (the
 * candidate's name and version) to the shadow topic, with the live score and version in the
 * record's headers, and measures agreement per segment ({@link Agreements}). Never writes to the
 * live scores or alerts. Its scores are at-least-once: they inform a promotion, nothing reads them
 * as facts.
 */
public final class ShadowScorer implements ScoreTap, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowScorer.class);

    /** Header of a shadow record: the live model's score of the upload. */
    public static final String LIVE_SCORE = "qm.live.score";

    /** Header of a shadow record: the live model's version. */
    public static final String LIVE_VERSION = "qm.live.version";

    /** Name of the counter of uploads not scored by the candidate, tagged with the reason. */
    public static final String DROPPED = "qm.shadow.dropped";

    /** Name of the counter of shadow scores written. */
    public static final String SCORED = "qm.shadow.scored";

    /** Name of the timer of one candidate batch. */
    public static final String LATENCY = "qm.shadow.latency";

    private record Item(PendingUpload source, Outcome.Scored live, QualityScore score) {}

    private final ShadowConfig config;
    private final String version;
    private final BlockingQueue<Item> queue;
    private final BatchScorer candidate;
    private final int batchMax;
    private final OutputRecords records;
    private final String topic;
    private final Serializer<QualityScore> serializer;
    private final KafkaProducer<String, byte[]> producer;
    private final Agreements agreements;
    private final MeterRegistry meters;
    private final Counter queueFull;
    private final Timer latency;
    private final Thread worker;
    private volatile boolean running = true;

    /** Starts shadow scoring with {@code scorer} (closed by its owner) for the app {@code live}. */
    public ShadowScorer(AppConfig live, Topics topics, Scorer scorer, MeterRegistry meters) {
        var m = scorer.bundle().manifest();
        this.config = live.shadow();
        this.version = m.version();
        this.queue = new ArrayBlockingQueue<>(config.queueMax());
        this.candidate = new BatchScorer(scorer);
        this.batchMax = live.batch().maxSize();
        this.records = new OutputRecords(new AlertPolicy(live.alerts()), m.name(), version, null);
        this.topic = live.topics().shadow();
        this.serializer = topics.scores().valueSerde().serializer();
        this.producer =
                new KafkaProducer<>(
                        live.kafka().clientProperties(),
                        new StringSerializer(),
                        new ByteArraySerializer());
        this.agreements = new Agreements(live.drift(), config.window(), meters);
        this.meters = meters;
        this.queueFull = meters.counter(DROPPED, "reason", "queue.full");
        this.latency = meters.timer(LATENCY);
        Gauge.builder("qm.shadow.queued", queue, BlockingQueue::size)
                .description("uploads waiting for the shadow model")
                .register(meters);
        this.worker = Thread.ofPlatform().daemon().name("qm-shadow").start(this::run);
        LOG.info("shadow scoring with {} (version {}) to '{}'", config.dir(), version, topic);
    }

    /** Returns the candidate's agreement with the live model per segment now. */
    public Agreements agreements() {
        return agreements;
    }

    @Override
    public void offer(PendingUpload source, Outcome.Scored live, QualityScore score) {
        // once the candidate is live (promoted), there is nothing to compare it with
        if (version.equals(score.getModelVersion()) || !sampled(score)) {
            return;
        }
        if (!queue.offer(new Item(source, live, score))) {
            queueFull.increment();
        }
    }

    /**
     * Returns true for the uploads in the sample: chosen by upload id, so alike on every instance.
     */
    private boolean sampled(QualityScore score) {
        double fraction = config.fraction(score.getSegments());
        if (fraction >= 1) {
            return true;
        }
        int hash =
                Utils.toPositive(
                        Utils.murmur2(score.getUploadId().getBytes(StandardCharsets.UTF_8)));
        return hash < fraction * Integer.MAX_VALUE;
    }

    private void run() {
        List<Item> batch = new ArrayList<>(batchMax);
        while (running) {
            try {
                Item first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchMax - 1);
                score(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // one batch's failure must not stop shadow scoring
                meters.counter(DROPPED, "reason", "error").increment(batch.size());
                LOG.warn("shadow batch of {} failed: {}", batch.size(), OneLine.of(e));
            }
            batch.clear();
        }
    }

    private void score(List<Item> items) {
        List<Prepared> prepared = new ArrayList<>(items.size());
        items.forEach(i -> prepared.add(i.live().ready()));
        List<Outcome> outcomes = latency.record(() -> candidate.score(prepared));
        Instant now = Instant.now();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (!(outcomes.get(i) instanceof Outcome.Scored c)) {
                meters.counter(DROPPED, "reason", "model.error").increment();
                continue;
            }
            QualityScore shadow = records.score(item.source(), c, now);
            send(shadow, item.score());
            boolean flip =
                    records.alert(shadow).isPresent() != records.alert(item.score()).isPresent();
            agreements.add(
                    item.score().getSegments(),
                    item.score().getScore(),
                    shadow.getScore(),
                    flip,
                    c.result().inferenceMs());
        }
    }

    private void send(QualityScore shadow, QualityScore live) {
        var r =
                new ProducerRecord<>(
                        topic, shadow.getUploadId(), serializer.serialize(topic, shadow));
        r.headers()
                .add(LIVE_SCORE, Double.toString(live.getScore()).getBytes(StandardCharsets.UTF_8))
                .add(LIVE_VERSION, live.getModelVersion().getBytes(StandardCharsets.UTF_8));
        producer.send(
                r,
                (meta, e) -> {
                    if (e == null) {
                        meters.counter(SCORED).increment();
                    } else {
                        meters.counter(DROPPED, "reason", "send.failed").increment();
                        LOG.warn("cannot write a shadow score to '{}': {}", topic, OneLine.of(e));
                    }
                });
    }

    /**
     * Stops the worker (dropping what waits) and flushes the producer; the scorer is its owner's.
     */
    @Override
    public void close() {
        running = false;
        try {
            if (!worker.join(Duration.ofSeconds(30))) {
                LOG.warn("shadow worker still scoring; leaving it to the process exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
