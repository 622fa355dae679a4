package io.qualitymonitor.tools.bench;

import io.qualitymonitor.app.Wiring;
import io.qualitymonitor.app.demo.DemoObserver;
import io.qualitymonitor.app.demo.DemoProducer;
import io.qualitymonitor.app.demo.SampleUploads;
import io.qualitymonitor.config.AppConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** Produces a number of sample uploads at a rate and waits until all are accounted for. */
final class UploadPhase {
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(10);

    private final Wiring wiring;
    private final SampleUploads samples;
    private final DemoObserver observer;

    UploadPhase(Wiring wiring, SampleUploads samples, DemoObserver observer) {
        this.wiring = wiring;
        this.samples = samples;
        this.observer = observer;
    }

    /**
     * Produces {@code count} uploads at {@code ratePerSecond} (infinite: at once) and waits until
     * the observer has accounted for each.
     */
    void run(int count, double ratePerSecond) throws InterruptedException {
        observer.reset();
        AppConfig live = wiring.live();
        AtomicBoolean stopping = new AtomicBoolean();
        DemoProducer producer =
                new DemoProducer(
                        live.kafka().clientProperties(),
                        wiring.uploadSerde().serializer(),
                        samples,
                        live.topics().uploads().get(0),
                        count,
                        Double.isInfinite(ratePerSecond) ? 1e9 : ratePerSecond,
                        0,
                        stopping);
        Thread thread = Thread.ofPlatform().name("bench-producer").start(producer);
        long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
        try {
            while (observer.accounted() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "only "
                                    + observer.accounted()
                                    + " of "
                                    + count
                                    + " uploads were accounted for within "
                                    + PHASE_TIMEOUT.toMinutes()
                                    + " minutes");
                }
                observer.pollOnce();
            }
        } finally {
            stopping.set(true);
            thread.join(10_000);
        }
    }
}
