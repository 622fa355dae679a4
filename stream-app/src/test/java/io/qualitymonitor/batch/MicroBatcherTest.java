package io.qualitymonitor.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qualitymonitor.stream.BatchMeters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    private final ManualClock clock = new ManualClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private MicroBatcher<String> batcher;

    @BeforeEach
    void createBatcher() {
        batcher = new MicroBatcher<>(4, Duration.ofMillis(50), clock, new BatchMeters(registry));
    }

    @Test
    void shouldReleaseBatchWhenItReachesMaxSize() {
        // Given three items waiting
        assertThat(batcher.add("a")).isEmpty();
        assertThat(batcher.add("b")).isEmpty();
        assertThat(batcher.add("c")).isEmpty();

        // When the fourth arrives
        Optional<Batch<String>> batch = batcher.add("d");

        // Then
        assertThat(batch).isPresent();
        assertThat(batch.get().items()).containsExactly("a", "b", "c", "d");
        assertThat(batch.get().trigger()).isEqualTo(Batch.Trigger.SIZE);
        assertThat(batcher.size()).isZero();
    }

    @Test
    void shouldHoldPartialBatchUntilOldestItemWaitedMaxDelay() {
        // Given two items, 20 ms apart
        batcher.add("a");
        clock.advanceMillis(20);
        batcher.add("b");

        // When the oldest has waited 49 ms, then 50 ms
        clock.advanceMillis(29);
        Optional<Batch<String>> early = batcher.pollExpired();
        clock.advanceMillis(1);
        Optional<Batch<String>> due = batcher.pollExpired();

        // Then
        assertThat(early).isEmpty();
        assertThat(due).isPresent();
        assertThat(due.get().items()).containsExactly("a", "b");
        assertThat(due.get().trigger()).isEqualTo(Batch.Trigger.DELAY);
        assertThat(batcher.pollExpired()).isEmpty();
    }

    @Test
    void shouldUseTheTimeThePunctuatorPasses() {
        // Given
        batcher.add("a");

        // When
        Optional<Batch<String>> early = batcher.pollExpired(clock.instant().plusMillis(10));
        Optional<Batch<String>> due = batcher.pollExpired(clock.instant().plusMillis(60));

        // Then
        assertThat(early).isEmpty();
        assertThat(due.map(Batch::items)).contains(List.of("a"));
    }

    @Test
    void shouldReportWhenTheOldestItemIsDue() {
        // Given
        assertThat(batcher.deadline()).isEmpty();
        batcher.add("a");
        clock.advanceMillis(30);
        batcher.add("b");

        // When / Then the deadline follows the oldest item
        assertThat(batcher.deadline()).contains(clock.instant().minusMillis(30).plusMillis(50));
    }

    @Test
    void shouldKeepArrivalOrderAcrossBatches() {
        // Given
        List<String> out = new ArrayList<>();

        // When ten items go in, with a punctuation at the end
        for (int i = 0; i < 10; i++) {
            batcher.add("item-" + i).ifPresent(b -> out.addAll(b.items()));
        }
        clock.advanceMillis(50);
        batcher.pollExpired().ifPresent(b -> out.addAll(b.items()));

        // Then
        assertThat(out)
                .containsExactly(
                        "item-0", "item-1", "item-2", "item-3", "item-4", "item-5", "item-6",
                        "item-7", "item-8", "item-9");
    }

    @Test
    void shouldDrainWhateverIsWaiting() {
        // Given
        batcher.add("a");
        batcher.add("b");

        // When
        Optional<Batch<String>> drained = batcher.drain();

        // Then
        assertThat(drained.map(Batch::items)).contains(List.of("a", "b"));
        assertThat(drained.get().trigger()).isEqualTo(Batch.Trigger.DRAIN);
        assertThat(batcher.drain()).isEmpty();
    }

    @Test
    void shouldRecordBatchSizesAndQueueTimes() {
        // Given a full batch whose items waited 30, 20, 10 and 0 ms
        for (String s : List.of("a", "b", "c", "d")) {
            batcher.add(s);
            clock.advanceMillis(s.equals("d") ? 0 : 10);
        }
        // and a partial batch whose single item waited 50 ms
        batcher.add("e");
        clock.advanceMillis(50);
        batcher.pollExpired();

        // When
        DistributionSummary sizeBySize =
                registry.get("qm.batch.size").tag("trigger", "size").summary();
        DistributionSummary sizeByDelay =
                registry.get("qm.batch.size").tag("trigger", "delay").summary();
        Timer queue = registry.get("qm.batch.queue.time").timer();

        // Then
        assertThat(sizeBySize.count()).isEqualTo(1);
        assertThat(sizeBySize.totalAmount()).isEqualTo(4.0);
        assertThat(sizeByDelay.count()).isEqualTo(1);
        assertThat(sizeByDelay.totalAmount()).isEqualTo(1.0);
        assertThat(queue.count()).isEqualTo(5);
        assertThat(queue.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(30 + 20 + 10 + 0 + 50);
        assertThat(queue.max(TimeUnit.MILLISECONDS)).isEqualTo(50);
    }

    @Test
    void shouldReleaseEveryItemAloneWhenMaxSizeIsOne() {
        // Given
        var single = new MicroBatcher<String>(1, Duration.ofMillis(50), clock, BatchListener.NONE);

        // When / Then
        assertThat(single.add("a").map(Batch::items)).contains(List.of("a"));
        assertThat(single.size()).isZero();
    }

    @Test
    void shouldRefuseABatchOfNoItems() {
        // When / Then
        Assertions.assertThatThrownBy(
                        () -> new MicroBatcher<String>(0, Duration.ZERO, clock, BatchListener.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
