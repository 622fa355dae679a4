package io.qualitymonitor.batch;

import java.time.Duration;

/**
 * Receives what a {@link MicroBatcher} releases, for metrics: each batch's size and trigger, and
 * how long each item waited. Called on the batcher's thread.
 */
public interface BatchListener {
    /** A listener that records nothing. */
    BatchListener NONE =
            new BatchListener() {
                @Override
                public void released(Batch.Trigger trigger, int size) {}

                @Override
                public void waited(Duration wait) {}
            };

    /** Records one released batch: what released it and how many items it holds. */
    void released(Batch.Trigger trigger, int size);

    /** Records how long one item of a released batch waited, from arrival to release. */
    void waited(Duration wait);
}
