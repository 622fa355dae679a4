package io.qualitymonitor.stream;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.qualitymonitor.batch.Batch;
import io.qualitymonitor.batch.BatchListener;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Records {@code qm.batch.size} (items per batch, tagged with the trigger) and {@code
 * qm.batch.queue.time} (per item, from arrival until its batch was released).
 */
public final class BatchMeters implements BatchListener {

    /** Name of the batch-size distribution summary (one per trigger tag). */
    public static final String SIZE = "qm.batch.size";

    /** Name of the timer of each item's wait before its batch was released. */
    public static final String QUEUE_TIME = "qm.batch.queue.time";

    private final Map<Batch.Trigger, DistributionSummary> sizes =
            new EnumMap<>(Batch.Trigger.class);
    private final Timer queueTime;

    /** Returns meters registered in {@code registry}. */
    public BatchMeters(MeterRegistry registry) {
        for (Batch.Trigger trigger : Batch.Trigger.values()) {
            sizes.put(
                    trigger,
                    DistributionSummary.builder(SIZE)
                            .description("Items per batch sent to the model")
                            .baseUnit("items")
                            // Buckets for the fill ratio on dashboards (batch.max.size is 8 to 64).
                            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
                            .tag("trigger", trigger.name().toLowerCase(java.util.Locale.ROOT))
                            .register(registry));
        }
        queueTime =
                Timer.builder(QUEUE_TIME)
                        .description("Time an item waited before its batch was released")
                        .register(registry);
    }

    @Override
    public void released(Batch.Trigger trigger, int size) {
        sizes.get(trigger).record(size);
    }

    @Override
    public void waited(Duration wait) {
        queueTime.record(wait.isNegative() ? Duration.ZERO : wait);
    }
}
