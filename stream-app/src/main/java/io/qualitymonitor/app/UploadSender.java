package io.qualitymonitor.app;

import io.qualitymonitor.schemas.ImageUpload;
import java.time.Duration;
import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends uploads to one topic, keyed by upload id, at a steady rate, and counts what the broker
 * acknowledged and what it refused; the sending of {@code demo}, {@code bench pipeline} and {@code
 * produce}. The producer is idempotent with {@code acks=all}, so a retry never duplicates an
 * upload.
 */
final class UploadSender implements AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<String, ImageUpload> producer;
    private final String topic;
    private final long pauseNanos;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    /**
     * Creates the producer.
     *
     * @param ratePerSecond uploads per second; 0 or infinite sends as fast as the producer takes
     *     them
     */
    UploadSender(
            Properties clientProps,
            Serializer<ImageUpload> serializer,
            String topic,
            double ratePerSecond) {
        Properties props = (Properties) clientProps.clone();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), serializer);
        this.topic = topic;
        this.pauseNanos =
                ratePerSecond > 0 && Double.isFinite(ratePerSecond)
                        ? (long) (1e9 / ratePerSecond)
                        : 0;
    }

    /**
     * Sends uploads until {@code uploads} runs out or {@code stop} says so, paced to the rate;
     * {@code progress} gets the number sent after each. Returns the number sent (handed to the
     * producer; {@link #flush()} waits for their acknowledgements).
     */
    long send(Iterator<ImageUpload> uploads, BooleanSupplier stop, LongConsumer progress)
            throws InterruptedException {
        long sent = 0;
        long next = System.nanoTime();
        while (!stop.getAsBoolean() && uploads.hasNext()) {
            ImageUpload u = uploads.next();
            producer.send(new ProducerRecord<>(topic, u.getUploadId(), u), this::completed);
            progress.accept(++sent);
            if (pauseNanos > 0) {
                next += pauseNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
            }
        }
        return sent;
    }

    /** Waits until every upload sent so far is acknowledged or has failed. */
    void flush() {
        producer.flush();
    }

    /** Returns how many uploads the broker acknowledged. */
    long acknowledged() {
        return acknowledged.get();
    }

    /** Returns how many uploads could not be delivered. */
    long failed() {
        return failed.get();
    }

    /** Returns the first delivery error, or null. */
    String firstError() {
        return firstError.get();
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }

    private void completed(RecordMetadata metadata, Exception e) {
        if (e == null) {
            acknowledged.incrementAndGet();
        } else {
            failed.incrementAndGet();
            firstError.compareAndSet(null, e.toString());
        }
    }
}
