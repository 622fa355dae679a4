package io.qualitymonitor.app.demo;

import io.qualitymonitor.schemas.ImageUpload;
import java.time.Instant;
import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serializer;
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
        this.props = clientProps;
        this.serializer = serializer;
        this.samples = samples;
        this.topic = topic;
        this.count = count;
        this.ratePerSecond = Math.max(ratePerSecond, 0.001);
        this.shiftAt = shiftAt;
        this.stopping = stopping;
    }

    public long produced() {
        return produced.get();
    }

    @Override
    public void run() {
        try (UploadSender sender = new UploadSender(props, serializer, topic, ratePerSecond)) {
            sender.send(uploads(), stopping::get, produced::set);
            sender.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("demo producer failed: {}", e.toString());
            stopping.set(true);
        }
    }

    // the i-th sample upload, stamped when it is sent
    private Iterator<ImageUpload> uploads() {
        return new Iterator<>() {
            private long i;

            @Override
            public boolean hasNext() {
                return count == 0 || i < count;
            }

            @Override
            public ImageUpload next() {
                ImageUpload u = samples.upload(i, Instant.now(), shiftAt > 0 && i >= shiftAt);
                i++;
                return u;
            }
        };
    }
}
