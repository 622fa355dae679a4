package io.qualitymonitor.tools.compare;

import io.qualitymonitor.config.DriftConfig;
import io.qualitymonitor.drift.SegmentKeys;
import io.qualitymonitor.stream.AlertPolicy;
import io.qualitymonitor.tools.evaluate.Correlations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Joins two sides by upload id and compares them per segment: an upload belongs to {@code all} and
 * to every configured label combination its labels complete (the segments of drift monitoring);
 * alert status is decided by the live alert policy, so a flip is an alert one model would raise and
 * the other would not.
 */
public final class ScoreComparison {
    private static final int MIN_FOR_SRCC = 3;

    private final SegmentKeys keys;
    private final AlertPolicy alerts;
    private final int examples;

    /**
     * Returns the comparison over the segments of {@code keys} under {@code alerts}, keeping up to
     * {@code examples} upload ids per kind of flip.
     */
    public ScoreComparison(SegmentKeys keys, AlertPolicy alerts, int examples) {
        this.keys = keys;
        this.alerts = alerts;
        this.examples = examples;
    }

    /** Returns the comparison of {@code b} against {@code a}, segments in key order after all. */
    public Comparison compare(SideScores a, SideScores b) {
        Map<String, Acc> bySegment = new LinkedHashMap<>();
        TreeSet<String> ids = new TreeSet<>(a.byUpload().keySet());
        ids.addAll(b.byUpload().keySet());
        for (String id : ids) {
            ScoredUpload sa = a.byUpload().get(id);
            ScoredUpload sb = b.byUpload().get(id);
            // the labels are the upload's, copied into both scores; B's are the newer copy
            Map<String, String> labels = (sb != null ? sb : sa).segments();
            for (String key : keys.keysFor(labels)) {
                bySegment.computeIfAbsent(key, k -> new Acc()).add(id, sa, sb, labels);
            }
        }
        List<SegmentComparison> out = new ArrayList<>();
        bySegment.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(ScoreComparison::segmentOrder))
                .forEach(e -> out.add(e.getValue().result(e.getKey())));
        return new Comparison(a, b, out);
    }

    /** Returns the Spearman correlation, or NaN where it says nothing (too few, constant). */
    static double srcc(double[] a, double[] b) {
        return a.length < MIN_FOR_SRCC ? Double.NaN : Correlations.srcc(a, b);
    }

    private static int segmentOrder(String x, String y) {
        boolean allX = x.equals(DriftConfig.ALL);
        boolean allY = y.equals(DriftConfig.ALL);
        return allX != allY ? (allX ? -1 : 1) : x.compareTo(y);
    }

    /** One segment's running counts, scores and flips. */
    private final class Acc {
        private final List<double[]> pairs = new ArrayList<>();
        private final List<String> raised = new ArrayList<>();
        private final List<String> cleared = new ArrayList<>();
        private long raisedCount;
        private long clearedCount;
        private int onlyA;
        private int onlyB;

        void add(String id, ScoredUpload sa, ScoredUpload sb, Map<String, String> labels) {
            if (sb == null) {
                onlyA++;
                return;
            }
            if (sa == null) {
                onlyB++;
                return;
            }
            pairs.add(new double[] {sa.score(), sb.score()});
            boolean lowA = alerts.crossed(sa.score(), labels).isPresent();
            boolean lowB = alerts.crossed(sb.score(), labels).isPresent();
            if (lowB && !lowA) {
                raisedCount++;
                keep(raised, id);
            } else if (lowA && !lowB) {
                clearedCount++;
                keep(cleared, id);
            }
        }

        private void keep(List<String> ids, String id) {
            if (ids.size() < examples) {
                ids.add(id);
            }
        }

        SegmentComparison result(String segment) {
            double[] a = pairs.stream().mapToDouble(p -> p[0]).toArray();
            double[] b = pairs.stream().mapToDouble(p -> p[1]).toArray();
            double[] d = pairs.stream().mapToDouble(p -> p[1] - p[0]).toArray();
            return new SegmentComparison(
                    segment,
                    pairs.size(),
                    onlyA,
                    onlyB,
                    srcc(a, b),
                    DeltaStats.of(d),
                    new AlertFlips(raisedCount, clearedCount, raised, cleared),
                    a,
                    b);
        }
    }
}
