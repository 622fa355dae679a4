package io.qualitymonitor.app.demo;

import io.qualitymonitor.schemas.ImageUpload;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Produces sample uploads at a steady rate on its own thread until told to stop or done. */
public final class DemoProducer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoProducer.class);

    private final Properties props;
    private final Serializer<ImageUpload> serializer;
    private final SampleUploads samples;
    private final String topic;
    private final long count;
    private final double ratePerSecond;
    private final long shiftAt;
    private final AtomicBoolean stopping;
    private final AtomicLong produced = new AtomicLong();

    /**
     * @param count uploads to produce; 0 = until {@code stopping} is set
     * @param shiftAt index of the first upload of the injected drift; 0 = none
     */
    public DemoProducer(
            Properties clientProps,
            Serializer<ImageUpload> serializer,
            SampleUploads samples,
            String topic,
            long count,
            double ratePerSecond,
            long shiftAt,
            AtomicBoolean stopping) {
        this.props = (Properties) clientProps.clone();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.serializer = serializer;
        this.samples = samples;
        this.topic = topic;
        this.count = count;
        this.ratePerSecond = ratePerSecond;
        this.shiftAt = shiftAt;
        this.stopping = stopping;
    }

    public long produced() {
        return produced.get();
    }

    @Override
    public void run() {
        long pauseNanos = (long) (1e9 / Math.max(ratePerSecond, 0.001));
        try (KafkaProducer<String, ImageUpload> p =
                new KafkaProducer<>(props, new StringSerializer(), serializer)) {
            long next = System.nanoTime();
            for (long i = 0; !stopping.get() && (count == 0 || i < count); i++) {
                ImageUpload u = samples.upload(i, Instant.now(), shiftAt > 0 && i >= shiftAt);
                p.send(new ProducerRecord<>(topic, u.getUploadId(), u));
                produced.incrementAndGet();
                next += pauseNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            p.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("demo producer failed: {}", e.toString());
            stopping.set(true);
        }
    }
}
