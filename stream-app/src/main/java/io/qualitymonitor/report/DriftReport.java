package io.qualitymonitor.report;

import io.qualitymonitor.app.Wiring;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.drift.Baseline;
import io.qualitymonitor.drift.CusumDetector;
import io.qualitymonitor.drift.DriftEvaluator;
import io.qualitymonitor.drift.DriftSummary;
import io.qualitymonitor.drift.MetricResult;
import io.qualitymonitor.schemas.DriftAlert;
import io.qualitymonitor.stream.DriftSample;
import io.qualitymonitor.stream.DriftWindows;
import io.qualitymonitor.stream.SegmentFanOut;
import io.qualitymonitor.stream.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the drift report of an event-time range: per segment, the score histogram of the range
 * against the baseline and the drift statistics of each window over time (PNG plots), plus an
 * {@code index.html} listing the drift alerts of the range. The reference is the named baseline
 * ({@code drift.baseline}) or, without one, the first window of the range.
 */
public final class DriftReport {
    private final AppConfig live;
    private final Topics topics;

    /** Returns the report writer over the topics of {@code live}. */
    public DriftReport(AppConfig live, Topics topics) {
        this.live = live;
        this.topics = topics;
    }

    /** One segment's data: its whole-range summary and its windows by start. */
    record SegmentData(DriftSummary range, TreeMap<Long, DriftSummary> windows) {}

    /** One window's statistics against the reference. */
    record WindowStats(long startMs, List<MetricResult> results) {}

    /** Writes the report of {@code [from, to)} into {@code dir}; returns its index.html. */
    public static Path write(AppConfig live, Instant from, Instant to, Path dir) {
        try (Wiring wiring = new Wiring(live)) {
            return new DriftReport(live, wiring.topics()).write(from, to, dir);
        }
    }

    /** Writes the report into {@code dir}; returns the path of {@code index.html}. */
    public Path write(Instant from, Instant to, Path dir) {
        Map<String, SegmentData> segments = readScores(from, to);
        List<DriftAlert> alerts = readAlerts(from, to);
        Map<String, Baseline> named =
                live.drift().baselineName() == null
                        ? Map.of()
                        : new DriftBaselines(live, topics).latest(live.drift().baselineName());
        try {
            Files.createDirectories(dir);
            List<DriftReportPage.Section> sections = new ArrayList<>();
            for (var e : segments.entrySet()) {
                String segment = e.getKey();
                SegmentData d = e.getValue();
                Baseline reference =
                        named.containsKey(segment)
                                ? named.get(segment)
                                : new Baseline(
                                        "first-window", 0, d.windows().firstEntry().getValue());
                List<WindowStats> stats = statistics(segment, reference, d);
                String file = DriftReportPage.fileName(segment);
                DriftPlots.histogram(d.range(), reference, dir.resolve(file + "-scores.png"));
                DriftPlots.overTime(stats, alerts, segment, dir.resolve(file + "-stats.png"));
                sections.add(
                        new DriftReportPage.Section(
                                segment, file, reference.id(), d.range(), reference.summary()));
            }
            Path index = dir.resolve("index.html");
            Files.writeString(index, DriftReportPage.html(from, to, sections, alerts));
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the drift report to " + dir, e);
        }
    }

    private Map<String, SegmentData> readScores(Instant from, Instant to) {
        SegmentFanOut fanOut = new SegmentFanOut(live.drift(), topics.scores());
        DriftWindows windows = new DriftWindows(live.drift().window());
        Map<String, SegmentData> out = new TreeMap<>();
        new TopicScan(live.kafka().clientProperties())
                .scan(
                        topics.scores().name(),
                        r -> {
                            for (var kv : fanOut.samples(r.value(), r.partition())) {
                                DriftSample s = DriftSample.fromBytes(kv.value);
                                long t = s.eventTimeMs();
                                if (t < from.toEpochMilli() || t >= to.toEpochMilli()) {
                                    continue;
                                }
                                SegmentData d =
                                        out.computeIfAbsent(
                                                kv.key,
                                                k -> new SegmentData(empty(), new TreeMap<>()));
                                d.range().add(s.score(), s.projected());
                                for (long start : windows.startsFor(t)) {
                                    d.windows()
                                            .computeIfAbsent(start, k -> empty())
                                            .add(s.score(), s.projected());
                                }
                            }
                        });
        if (out.isEmpty()) {
            throw new ConfigException(
                    "no live scores on '"
                            + topics.scores().name()
                            + "' between "
                            + from
                            + " and "
                            + to);
        }
        return out;
    }

    private DriftSummary empty() {
        return DriftSummary.empty(live.drift().shape());
    }

    private List<WindowStats> statistics(String segment, Baseline reference, SegmentData d) {
        DriftEvaluator evaluator = new DriftEvaluator(live.drift());
        CusumDetector.State cusum = CusumDetector.State.ZERO;
        List<WindowStats> out = new ArrayList<>();
        for (var w : d.windows().entrySet()) {
            if (w.getValue().count() < live.drift().tests().minSamples()
                    || reference.summary().count() < live.drift().tests().minSamples()) {
                continue;
            }
            var e =
                    evaluator.evaluate(
                            reference.summary(),
                            w.getValue(),
                            live.drift().limitsFor(segment),
                            cusum);
            cusum = e.cusum();
            out.add(new WindowStats(w.getKey(), e.results()));
        }
        return out;
    }

    private List<DriftAlert> readAlerts(Instant from, Instant to) {
        List<DriftAlert> out = new ArrayList<>();
        var deserializer = topics.drift().valueSerde().deserializer();
        new TopicScan(live.kafka().clientProperties())
                .scan(
                        topics.drift().name(),
                        r -> {
                            DriftAlert a = deserializer.deserialize(r.topic(), r.value());
                            if (!a.getWindowEnd().isBefore(from)
                                    && a.getWindowStart().isBefore(to)) {
                                out.add(a);
                            }
                        });
        return out;
    }
}
