package io.qualitymonitor.app;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.model.ModelBundle;
import io.qualitymonitor.shadow.ShadowTail;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Promotes a bundle to live, or rolls back to the one before, for every instance of an application
 * at once: writes a {@link ModelSelection} to the compacted control topic (created when missing),
 * which the running instances follow.
 */
public final class ModelControlService {
    private final AppConfig live;

    /** Returns the service for the application {@code live} configures. */
    public ModelControlService(AppConfig live) {
        this.live = live;
    }

    /** Returns the last selection of this application, or empty when none was made. */
    public Optional<ModelSelection> current() {
        try (KafkaConsumer<String, byte[]> consumer = ControlTopic.consumer(live)) {
            List<TopicPartition> parts = ControlTopic.assign(consumer, live);
            return parts.isEmpty()
                    ? Optional.empty()
                    : ControlTopic.latest(consumer, parts, live.kafka().applicationId());
        }
    }

    /**
     * Makes the bundle at {@code dir} live (verified here first). Idempotent: promoting the bundle
     * that is live already writes nothing, so a repeated command keeps what a rollback returns to.
     */
    public Change promote(Path dir) {
        Path bundle = dir.toAbsolutePath().normalize();
        String version = ModelBundle.open(bundle).manifest().version();
        Optional<ModelSelection> now = current();
        String liveDir = now.map(ModelSelection::dir).orElse(configuredDir().toString());
        String liveVersion =
                now.map(ModelSelection::version)
                        .orElseGet(() -> ModelBundle.open(configuredDir()).manifest().version());
        ModelSelection next =
                new ModelSelection(
                        ModelSelection.PROMOTE,
                        bundle.toString(),
                        version,
                        liveDir,
                        liveVersion,
                        System.currentTimeMillis());
        boolean same = liveDir.equals(next.dir()) && liveVersion.equals(version);
        return same ? new Change(now.orElse(next), false) : new Change(write(next), true);
    }

    /**
     * Makes the bundle before the last promotion live again. Idempotent: after a rollback, a second
     * one writes nothing (it would promote again what was rolled back).
     */
    public Change rollback() {
        ModelSelection now =
                current()
                        .orElseThrow(
                                () ->
                                        new ConfigException(
                                                "nothing to roll back: no model was promoted for '"
                                                        + live.kafka().applicationId()
                                                        + "'"));
        if (ModelSelection.ROLLBACK.equals(now.action())) {
            return new Change(now, false);
        }
        return new Change(
                write(
                        new ModelSelection(
                                ModelSelection.ROLLBACK,
                                now.previousDir(),
                                now.previousVersion(),
                                now.dir(),
                                now.version(),
                                System.currentTimeMillis())),
                true);
    }

    /**
     * Returns the live model of the application (the last selection, or {@code model.dir}) and,
     * when a shadow model is configured, its agreement over the last {@code last} shadow records
     * per partition.
     */
    public Status status(int last) {
        Optional<ModelSelection> now = current();
        String dir = now.map(ModelSelection::dir).orElse(configuredDir().toString());
        String version =
                now.map(ModelSelection::version)
                        .orElseGet(() -> ModelBundle.open(configuredDir()).manifest().version());
        ShadowTail shadow = null;
        if (live.shadow().enabled()) {
            try (Wiring wiring = new Wiring(live)) {
                shadow = ShadowTail.read(live, wiring.topics(), last);
            }
        }
        return new Status(
                now.map(ModelSelection::action).orElse("configured"), dir, version, shadow);
    }

    /**
     * Returns the live model and the shadow model's agreement with it.
     *
     * @param how {@code configured} ({@code model.dir}), {@code promote} or {@code rollback}
     * @param dir the live bundle
     * @param version its version
     * @param shadow the shadow records' agreement, or null without a shadow model
     */
    public record Status(String how, String dir, String version, ShadowTail shadow) {}

    /**
     * Returns what a promotion or rollback left live.
     *
     * @param selection the live selection now
     * @param written false when it was live already and nothing was written
     */
    public record Change(ModelSelection selection, boolean written) {}

    private Path configuredDir() {
        return live.model().dir().toAbsolutePath().normalize();
    }

    private ModelSelection write(ModelSelection s) {
        String topic = live.topics().modelControl();
        new TopicProvisioner(live.kafka().clientProperties())
                .ensureCompacted(List.of(topic), 1, live.topics().replicationFactor());
        var p = live.kafka().clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, live.kafka().applicationId(), s.toJson()))
                    .get();
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot write to " + topic + ": " + e.getCause().getMessage(), e);
        }
    }
}
