package io.qualitymonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.schemas.DriftAlert;
import io.qualitymonitor.schemas.DriftStatus;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.schemas.Severity;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.junit.jupiter.api.Test;

class DriftProcessorTest {
    private static final long WINDOW = 10_000;

    private TopologyTestDriver driver;
    private TestInputTopic<String, QualityScore> scores;
    private TestOutputTopic<String, DriftAlert> alerts;
    private final Random random = new Random(7);

    private AppConfig start(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>();
        settings.put("drift.segments", "platform");
        settings.put("drift.window.size.ms", Long.toString(WINDOW));
        settings.put("drift.window.advance.ms", Long.toString(WINDOW));
        settings.put("drift.window.grace.ms", "1000");
        settings.putAll(extra);
        AppConfig config = DriftStreams.config(settings);
        Topics topics = DriftStreams.topics(config);
        ProcessorSupplier<String, byte[], String, byte[]> fanOut =
                () -> new SegmentFanOut(config.drift(), topics.scores());
        var meters = new SimpleMeterRegistry();
        driver =
                new TopologyTestDriver(
                        QualityTopology.buildDrift(
                                topics,
                                fanOut,
                                () ->
                                        new DriftProcessor(
                                                config.drift(), meters, Clock.systemUTC(), 1)));
        scores =
                driver.createInputTopic(
                        topics.scores().name(),
                        Serdes.String().serializer(),
                        topics.scores().valueSerde().serializer());
        alerts =
                driver.createOutputTopic(
                        topics.drift().name(),
                        Serdes.String().deserializer(),
                        topics.drift().valueSerde().deserializer());
        return config;
    }

    private void publishBaseline(AppConfig config, String segment) {
        var topic =
                driver.createInputTopic(
                        config.topics().baselines(),
                        Serdes.String().serializer(),
                        Serdes.ByteArray().serializer());
        topic.pipeInput(
                BaselineStoreUpdater.key("launch", segment),
                DriftStreams.baseline(config, "launch", 5_000, 1).toBytes());
    }

    /** Pipes 400 android scores spread over window {@code w} with the given mean. */
    private void window(int w, double mean) {
        window(w, mean, "1.0");
    }

    /** Pipes 400 android scores of model {@code version} over window {@code w}. */
    private void window(int w, double mean, String version) {
        for (int i = 0; i < 400; i++) {
            long t = w * WINDOW + i * (WINDOW / 400);
            scores.pipeInput("k", DriftStreams.score(random, "android", t, mean, 0, version));
        }
    }

    @Test
    void shouldAlertOnlyOnceTheShiftedWindowClosesByEventTime() {
        // Given a named baseline for the android segment
        AppConfig config = start(Map.of("drift.baseline", "launch"));
        publishBaseline(config, "platform=android");
        window(0, 65);
        window(1, 35);
        assertThat(alerts.isEmpty()).as("window 1 still open (grace)").isTrue();

        // When a record beyond window 1's end plus grace arrives
        scores.pipeInput("k", DriftStreams.score(random, "android", 2 * WINDOW + 1_000, 65, 0));

        // Then one critical drift of window 1 against launch@1
        List<DriftAlert> out = alerts.readValuesToList();
        assertThat(out).hasSize(1);
        DriftAlert a = out.get(0);
        assertThat(a.getSegment()).isEqualTo("platform=android");
        assertThat(a.getSegmentLabels()).containsEntry("platform", "android");
        assertThat(a.getStatus()).isEqualTo(DriftStatus.DRIFTING);
        assertThat(a.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(a.getBaselineId()).isEqualTo("launch@1");
        assertThat(a.getWindowStart().toEpochMilli()).isEqualTo(WINDOW);
        assertThat(a.getWindowEnd().toEpochMilli()).isEqualTo(2 * WINDOW);
        assertThat(a.getStatistic()).isGreaterThanOrEqualTo(a.getThreshold());
        assertThat(a.getWindowMean()).isLessThan(a.getBaselineMean() - 20);
        assertThat(a.getModelVersion()).isEqualTo("1.0");
    }

    @Test
    void shouldSendOneRecoveryAfterClearWindows() {
        // Given a drifting android segment
        AppConfig config = start(Map.of("drift.baseline", "launch"));
        publishBaseline(config, "platform=android");
        window(0, 35);

        // When normal windows follow (the CUSUM sum, capped at its warning level, takes a window
        // to fall under the recovery level; three clear windows in a row are needed)
        for (int w = 1; w <= 7; w++) {
            window(w, 65);
        }

        // Then a drift, then exactly one recovery with severity INFO
        List<DriftAlert> out = alerts.readValuesToList();
        assertThat(out)
                .extracting(DriftAlert::getStatus)
                .containsExactly(DriftStatus.DRIFTING, DriftStatus.RECOVERED);
        assertThat(out.get(1).getSeverity()).isEqualTo(Severity.INFO);
        assertThat(out.get(1).getWindowStart().toEpochMilli()).isGreaterThanOrEqualTo(3 * WINDOW);
    }

    @Test
    void shouldCompareWithARollingReferenceWhenNoBaselineIsNamed() {
        // Given no named baseline and a rolling reference of two windows
        start(Map.of("drift.rolling.windows", "2"));
        window(0, 65);
        window(1, 65);
        window(2, 65);
        assertThat(alerts.isEmpty()).isTrue();

        // When the scores drop
        window(3, 35);
        window(4, 35);

        // Then the drift names the rolling reference
        List<DriftAlert> out = alerts.readValuesToList();
        assertThat(out).isNotEmpty();
        assertThat(out.get(0).getBaselineId()).isEqualTo("rolling@1");
        assertThat(out.get(0).getWindowStart().toEpochMilli()).isEqualTo(3 * WINDOW);
    }

    @Test
    void shouldStartAFreshRollingReferenceForANewModelVersion() {
        // Given a rolling reference of two windows built on model 1.0
        start(Map.of("drift.rolling.windows", "2"));
        window(0, 65);
        window(1, 65);
        window(2, 65);

        // When model 2.0 takes over and scores lower, steadily
        window(3, 35, "2.0");
        window(4, 35, "2.0");
        window(5, 35, "2.0");

        // Then its windows are compared with its own reference, not 1.0's: no drift
        assertThat(alerts.readValuesToList()).isEmpty();
    }

    @Test
    void shouldDropSegmentsBeyondTheConfiguredMaximum() {
        // Given room for one segment per task and a baseline for both
        AppConfig config = start(Map.of("drift.baseline", "launch", "drift.segments.max", "1"));
        publishBaseline(config, "all");
        publishBaseline(config, "platform=android");

        // When both segments shift
        window(0, 35);
        window(1, 35);

        // Then only the first segment seen ("all") is monitored
        assertThat(alerts.readValuesToList())
                .extracting(DriftAlert::getSegment)
                .containsExactly("all");
    }

    @Test
    void shouldDropLateRecordsOfWindowsAlreadyTested() {
        // Given a stationary window already tested
        AppConfig config = start(Map.of("drift.baseline", "launch"));
        publishBaseline(config, "platform=android");
        window(0, 65);
        window(1, 65);

        // When many low scores arrive for window 0, and window 1 then closes
        for (int i = 0; i < 400; i++) {
            scores.pipeInput("k", DriftStreams.score(random, "android", i, 20, 0));
        }
        scores.pipeInput("k", DriftStreams.score(random, "android", 2 * WINDOW + 1_000, 65, 0));

        // Then nothing is reported: window 0 was tested before they came, window 1 is normal
        assertThat(alerts.isEmpty()).isTrue();
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }
}
