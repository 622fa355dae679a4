package io.qualitymonitor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.config.DriftConfig;
import io.qualitymonitor.drift.DriftFixtures.Population;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {
    private static final int PER_WINDOW = 500;
    private static final long WINDOW_MS = 300_000;
    private static final Population STEADY = Population.STEADY;
    private static final Population DROPPED = STEADY.withMean(50);

    /** One event with the index of the window that produced it. */
    private record Seen(int window, DriftEvent event) {}

    @Test
    void shouldStayQuietOnStationaryStreamsOf10000RecordsPerSegment() {
        // Given default settings, three segments with their own baselines, three seeds
        DriftConfig config = DriftFixtures.defaults();
        List<Seen> events = new ArrayList<>();
        int windows = 0;
        for (long seed = 1; seed <= 3; seed++) {
            for (String segment : List.of("all", "platform=android", "platform=ios")) {
                SplittableRandom random = new SplittableRandom(seed * 31 + segment.hashCode());
                Baseline baseline =
                        new Baseline("launch", 1, STEADY.summary(config, 10_000, random));
                List<Population> stream = Collections.nCopies(10_000 / PER_WINDOW, STEADY);

                // When 10,000 records per segment pass in windows of 500
                events.addAll(run(config, segment, baseline, stream, random));
                windows += stream.size();
            }
        }

        // Then nothing is announced
        assertThat(windows).isEqualTo(180);
        assertThat(events).isEmpty();
    }

    @Test
    void shouldAlertOnceWithinTwoWindowsOfAShiftAndRecoverOnceAfterIt() {
        // Given a steady stream, then scores 15 points lower for 8 windows, then steady again
        DriftConfig config = DriftFixtures.defaults();
        SplittableRandom random = new SplittableRandom(7);
        Baseline baseline = new Baseline("launch", 3, STEADY.summary(config, 10_000, random));
        List<Population> stream = new ArrayList<>(Collections.nCopies(10, STEADY));
        stream.addAll(Collections.nCopies(8, DROPPED));
        stream.addAll(Collections.nCopies(10, STEADY));

        // When the monitor sees every window
        List<Seen> events = run(config, "platform=android", baseline, stream, random);

        // Then one drift within the first two shifted windows and one recovery after the shift
        assertThat(events).hasSize(2);
        Seen drift = events.get(0);
        assertThat(drift.event().status()).isEqualTo(DriftStatus.DRIFTING);
        assertThat(drift.window()).isBetween(10, 11);
        assertThat(drift.event().severity()).isEqualTo(Severity.CRITICAL);
        Seen recovery = events.get(1);
        assertThat(recovery.event().status()).isEqualTo(DriftStatus.RECOVERED);
        assertThat(recovery.event().severity()).isEqualTo(Severity.INFO);
        assertThat(recovery.event().metric()).isEqualTo(drift.event().metric());
        assertThat(recovery.window()).isBetween(18 + 2, 27);
    }

    @Test
    void shouldFillEveryDriftAlertField() {
        // Given a baseline and one window with scores 15 points lower
        DriftConfig config = DriftFixtures.defaults();
        SplittableRandom random = new SplittableRandom(11);
        Baseline baseline = new Baseline("launch", 3, STEADY.summary(config, 10_000, random));

        // When the monitor sees it
        DriftEvent e =
                run(config, "platform=android,region=eu", baseline, List.of(DROPPED), random)
                        .get(0)
                        .event();

        // Then the event carries what the Avro DriftAlert needs
        assertThat(e.segment()).isEqualTo("platform=android,region=eu");
        assertThat(e.segmentLabels())
                .containsExactly(Map.entry("platform", "android"), Map.entry("region", "eu"));
        assertThat(e.baselineId()).isEqualTo("launch@3");
        assertThat(e.sampleSize()).isEqualTo(PER_WINDOW);
        assertThat(e.windowStartMs()).isZero();
        assertThat(e.windowEndMs()).isEqualTo(WINDOW_MS);
        assertThat(e.baselineMean()).isCloseTo(65, org.assertj.core.data.Offset.offset(1.0));
        assertThat(e.windowMean()).isCloseTo(50, org.assertj.core.data.Offset.offset(1.5));
        assertThat(e.statistic()).isGreaterThanOrEqualTo(e.threshold());
        assertThat(e.results())
                .extracting(MetricResult::metric)
                .containsExactly(
                        Metric.PSI, Metric.KS, Metric.WASSERSTEIN, Metric.CUSUM, Metric.MMD);
        assertThat(e.results())
                .filteredOn(r -> r.metric() == Metric.KS)
                .singleElement()
                .satisfies(r -> assertThat(r.pValue()).isLessThan(1e-6));
    }

    @Test
    void shouldAlertWhenBlurDragsPartOfTheScoresDown() {
        // Given a steady stream, then 30% of uploads blurred (25 points lower, features moved)
        DriftConfig config = DriftFixtures.defaults();
        SplittableRandom random = new SplittableRandom(13);
        Baseline baseline = new Baseline("launch", 1, STEADY.summary(config, 10_000, random));
        List<Population> stream = new ArrayList<>(Collections.nCopies(5, STEADY));
        stream.addAll(Collections.nCopies(5, STEADY.withBlurShare(0.3)));

        // When the monitor sees every window
        List<Seen> events = run(config, "all", baseline, stream, random);

        // Then one drift within the first two blurred windows
        assertThat(events)
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.window()).isBetween(5, 6);
                            assertThat(s.event().status()).isEqualTo(DriftStatus.DRIFTING);
                        });
    }

    @Test
    void shouldAlertOnFeatureDriftThatLeavesScoresAlone() {
        // Given a new camera pipeline: features move, scores do not
        DriftConfig config = DriftFixtures.defaults();
        SplittableRandom random = new SplittableRandom(17);
        Baseline baseline = new Baseline("launch", 1, STEADY.summary(config, 10_000, random));
        List<Population> stream = new ArrayList<>(Collections.nCopies(5, STEADY));
        stream.addAll(Collections.nCopies(4, STEADY.withFeatureShift(0.5)));

        // When the monitor sees every window
        List<Seen> events = run(config, "all", baseline, stream, random);

        // Then MMD reports it
        assertThat(events)
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.window()).isBetween(5, 6);
                            assertThat(s.event().metric()).isEqualTo(Metric.MMD);
                            assertThat(s.event().pValue()).isLessThan(0.05 / 3);
                        });
    }

    @Test
    void shouldNotStormWhenAShiftFlaps() {
        // Given a shift that comes and goes every other window, then a steady stream
        DriftConfig config = DriftFixtures.defaults();
        SplittableRandom random = new SplittableRandom(19);
        Baseline baseline = new Baseline("launch", 1, STEADY.summary(config, 10_000, random));
        List<Population> stream = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            stream.add(DROPPED);
            stream.add(STEADY);
        }
        stream.addAll(Collections.nCopies(8, STEADY));

        // When the monitor sees every window
        List<Seen> events = run(config, "all", baseline, stream, random);

        // Then one drift at the start and one recovery only once the stream has settled
        assertThat(events)
                .extracting(s -> s.event().status())
                .containsExactly(DriftStatus.DRIFTING, DriftStatus.RECOVERED);
        assertThat(events.get(0).window()).isZero();
        assertThat(events.get(1).window()).isGreaterThanOrEqualTo(11 + 2);
    }

    @Test
    void shouldHoldBackANewDriftDuringTheCoolDown() {
        // Given a cool-down of 10 windows, a shift, a recovery, and a second shift right after
        DriftConfig config = DriftFixtures.config(Map.of("drift.cooldown.ms", "" + 10 * WINDOW_MS));
        SplittableRandom random = new SplittableRandom(23);
        Baseline baseline = new Baseline("launch", 1, STEADY.summary(config, 10_000, random));
        List<Population> stream = new ArrayList<>(Collections.nCopies(2, DROPPED));
        stream.addAll(Collections.nCopies(4, STEADY)); // recovery at window 4 or 5
        stream.addAll(Collections.nCopies(14, DROPPED));

        // When the monitor sees every window
        List<Seen> events = run(config, "all", baseline, stream, random);

        // Then the second drift is announced only when the cool-down has passed
        assertThat(events)
                .extracting(s -> s.event().status())
                .containsExactly(DriftStatus.DRIFTING, DriftStatus.RECOVERED, DriftStatus.DRIFTING);
        int recoveredAt = events.get(1).window();
        assertThat(events.get(2).window()).isEqualTo(recoveredAt + 10);
    }

    @Test
    void shouldApplyPerSegmentOverrides() {
        // Given only the Wasserstein metric, and a lower threshold for iOS
        DriftConfig config =
                DriftFixtures.config(
                        Map.of(
                                "drift.metrics", "WASSERSTEIN",
                                "drift.override.ios.segment", "platform=ios",
                                "drift.override.ios.wasserstein.warning", "0.03"));
        SplittableRandom random = new SplittableRandom(29);
        Baseline baseline = new Baseline("launch", 1, STEADY.summary(config, 10_000, random));
        List<Population> stream = Collections.nCopies(4, STEADY.withMean(60));

        // When both segments see scores 5 points lower
        List<Seen> android = run(config, "platform=android", baseline, stream, random);
        List<Seen> ios = run(config, "platform=ios", baseline, stream, random);

        // Then only iOS, with the override, reports it
        assertThat(android).isEmpty();
        assertThat(ios)
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.event().metric()).isEqualTo(Metric.WASSERSTEIN);
                            assertThat(s.event().threshold()).isEqualTo(0.03);
                        });
    }

    @Test
    void shouldSkipWindowsBelowTheMinimumSampleSize() {
        // Given a baseline and a tiny window of much lower scores
        DriftConfig config = DriftFixtures.defaults();
        SplittableRandom random = new SplittableRandom(31);
        Baseline baseline = new Baseline("launch", 1, STEADY.summary(config, 10_000, random));
        WindowSummary tiny = new WindowSummary(0, WINDOW_MS, DROPPED.summary(config, 99, random));

        // When the monitor sees it
        DriftMonitor.Step step =
                new DriftMonitor(config).observe("all", MonitorState.INITIAL, baseline, tiny);

        // Then nothing is tested and the state is unchanged
        assertThat(step.event()).isEmpty();
        assertThat(step.results()).isEmpty();
        assertThat(step.state()).isEqualTo(MonitorState.INITIAL);
    }

    /**
     * Runs windows of {@code PER_WINDOW} records, passing the state through its bytes each time.
     */
    private static List<Seen> run(
            DriftConfig config,
            String segment,
            Baseline baseline,
            List<Population> windows,
            SplittableRandom random) {
        DriftMonitor monitor = new DriftMonitor(config);
        byte[] state = MonitorState.INITIAL.toBytes();
        List<Seen> out = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            DriftSummary s = windows.get(i).summary(config, PER_WINDOW, random);
            WindowSummary w = new WindowSummary(i * WINDOW_MS, (i + 1) * WINDOW_MS, s);
            DriftMonitor.Step step =
                    monitor.observe(segment, MonitorState.fromBytes(state), baseline, w);
            state = step.state().toBytes();
            int index = i;
            step.event().ifPresent(e -> out.add(new Seen(index, e)));
        }
        return out;
    }
}
