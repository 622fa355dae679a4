package io.qualitymonitor.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.OneLine;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.model.WarmUp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the model control topic for this application and switches the live model without a
 * restart: a selected bundle is loaded and warmed up beside the live one, then takes over from the
 * next batch on. Bundles stay loaded until the app closes, so a rollback is immediate. Without the
 * control topic, switching is off and the configured bundle stays live.
 */
final class ModelControl implements Supplier<Scorer>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelControl.class);

    /** Name of the counter of model switches, tagged with the version switched to. */
    static final String SWITCHES = "qm.model.switches";

    /** How often to look for a control topic that did not exist at start. */
    private static final Duration WAIT_FOR_TOPIC = Duration.ofSeconds(5);

    private final AppConfig live;
    private final MeterRegistry meters;
    private final AtomicReference<Scorer> current;
    private final Map<Path, Scorer> loaded = new ConcurrentHashMap<>();
    private final Path initialDir;
    private final KafkaConsumer<String, byte[]> consumer;
    private Thread follower;

    /** Returns the control of {@code live}'s application, starting with {@code initial}. */
    ModelControl(AppConfig live, Scorer initial, MeterRegistry meters) {
        this.live = live;
        this.meters = meters;
        this.current = new AtomicReference<>(initial);
        this.initialDir = live.model().dir().toAbsolutePath().normalize();
        this.loaded.put(initialDir, initial);
        this.consumer = ControlTopic.consumer(live);
    }

    @Override
    public Scorer get() {
        return current.get();
    }

    /**
     * Reads the control topic to its end and switches to the last selection for this application
     * (so a restart keeps a promotion); then follows it on a thread of its own. A control topic
     * created later (by the first {@code model promote}) is picked up when it appears.
     */
    void start() {
        try {
            List<TopicPartition> parts = ControlTopic.assign(consumer, live);
            if (parts.isEmpty()) {
                LOG.warn(
                        "no model control topic '{}' yet: following it once it exists",
                        live.topics().modelControl());
            } else {
                ControlTopic.latest(consumer, parts, live.kafka().applicationId())
                        .ifPresent(this::apply);
            }
            follower =
                    Thread.ofPlatform()
                            .daemon()
                            .name("qm-model-control")
                            .start(() -> follow(!parts.isEmpty()));
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    private void follow(boolean assigned) {
        String key = live.kafka().applicationId();
        try {
            while (!assigned) {
                Thread.sleep(WAIT_FOR_TOPIC.toMillis());
                assigned = !ControlTopic.assign(consumer, live).isEmpty();
            }
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    ControlTopic.selection(r, key).ifPresent(this::apply);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // close() asked the thread to stop
        } catch (RuntimeException e) {
            LOG.error("model control stopped: {}", OneLine.of(e), e);
        }
    }

    /** Makes the selected bundle live; a bundle that fails to load leaves the live one alone. */
    private void apply(ModelSelection s) {
        Path dir = Path.of(s.dir()).toAbsolutePath().normalize();
        try {
            Scorer next = loaded.computeIfAbsent(dir, d -> load(d, live));
            String version = next.bundle().manifest().version();
            if (!version.equals(s.version())) {
                throw new IllegalArgumentException(
                        "bundle " + dir + " has version " + version + ", not " + s.version());
            }
            if (current.getAndSet(next) != next) {
                meters.counter(SWITCHES, "version", version).increment();
                LOG.info("model {}: {} (version {}) is live", s.action(), dir, version);
            }
        } catch (RuntimeException e) {
            meters.counter(SWITCHES + ".failed").increment();
            LOG.error("cannot switch the model to {}: {}", dir, OneLine.of(e));
        }
    }

    /** Returns the bundle at {@code dir} loaded and warmed up with {@code live}'s settings. */
    static Scorer load(Path dir, AppConfig live) {
        Scorer s = Scorer.open(dir, live.model());
        try {
            WarmUp w = WarmUp.run(s, live.batch().maxSize());
            LOG.info("model {} warmed up in {} ms", dir, w.took().toMillis());
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Stops following and closes the bundles it loaded (not the initial one: its owner does). */
    @Override
    public void close() {
        // not an interrupt: it could land in a bundle's file reads; wakeup ends the next poll
        consumer.wakeup();
        boolean stopped = true;
        if (follower != null) {
            try {
                stopped = follower.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = false;
            }
        }
        if (!stopped) {
            // still loading a bundle: the consumer is its thread's; the process exit ends both
            LOG.warn("model control still loading a bundle; leaving it to the process exit");
            return;
        }
        consumer.close();
        loaded.forEach(
                (dir, s) -> {
                    if (!dir.equals(initialDir)) {
                        s.close();
                    }
                });
    }
}
