package io.qualitymonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.config.DriftConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DriftWindowsTest {

    @Test
    void shouldPlaceATimestampInEveryHoppingWindowThatContainsIt() {
        // Given windows of 10 s advancing by 5 s
        DriftWindows w = windows(10_000, 5_000, 1_000);

        // When / Then 12 s falls in [5, 15) and [10, 20)
        assertThat(w.startsFor(12_000)).containsExactly(5_000L, 10_000L);
        assertThat(w.startsFor(10_000)).containsExactly(5_000L, 10_000L);
        assertThat(windows(10_000, 10_000, 0).startsFor(9_999)).containsExactly(0L);
    }

    @Test
    void shouldCloseAWindowOnlyAfterItsEndPlusGrace() {
        // Given tumbling windows of 10 s with 1 s of grace
        DriftWindows w = windows(10_000, 10_000, 1_000);

        // Then [0, 10) is open at 10.999 s and closed at 11 s
        assertThat(w.closed(0, 10_999)).isFalse();
        assertThat(w.closed(0, 11_000)).isTrue();
        assertThat(w.closingEpoch(10_999)).isNotEqualTo(w.closingEpoch(11_000));
    }

    @Test
    void shouldSortStoreKeysBySegmentThenStart() {
        // Given keys of two segments
        String a = DriftWindows.key("platform=android", 20_000);
        String b = DriftWindows.key("platform=android", 100_000);

        // Then they parse back and sort by start
        assertThat(a).isLessThan(b);
        assertThat(DriftWindows.segmentOf(b)).isEqualTo("platform=android");
        assertThat(DriftWindows.startOf(b)).isEqualTo(100_000L);
    }

    @Test
    void shouldHoldTheWatermarkAtTheSlowestActivePartition() {
        // Given three source partitions, two of which have sent samples
        Watermarks marks = new Watermarks(1_000_000, 3);
        assertThat(marks.observe(sample(0, 50_000), 0)).isEqualTo(50_000 - 1_000_000);
        marks.observe(sample(1, 20_000), 0);

        // When the third sends an older sample, then goes silent for longer than IDLE_MS
        assertThat(marks.observe(sample(2, 10_000), 1)).isEqualTo(10_000);
        long later = marks.observe(sample(0, 60_000), Watermarks.IDLE_MS + 2);

        // Then the watermark waited for it, and moves on without it once it is idle
        assertThat(later).isEqualTo(60_000);
    }

    @Test
    void shouldNotTrailTheLatestEventTimeByMoreThanTheMaximumLag() {
        // Given a lag cap of 100 s and a partition far behind
        Watermarks marks = new Watermarks(100_000, 2);
        marks.observe(sample(0, 0), 0);

        // When the other partition runs 500 s ahead
        long mark = marks.observe(sample(1, 500_000), 0);

        // Then the watermark is 100 s behind the latest
        assertThat(mark).isEqualTo(400_000);
    }

    private static DriftSample sample(int partition, long t) {
        return DriftSample.fromBytes(new DriftSample(partition, t, 50, "v1", null).toBytes());
    }

    private static DriftWindows windows(long size, long advance, long grace) {
        return new DriftWindows(
                new DriftConfig.Window(
                        Duration.ofMillis(size),
                        Duration.ofMillis(advance),
                        Duration.ofMillis(grace)));
    }
}
