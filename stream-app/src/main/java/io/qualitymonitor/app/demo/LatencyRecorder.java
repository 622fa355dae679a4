package io.qualitymonitor.app.demo;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Returns latency percentiles over the recorded samples (kept in memory; the demo is bounded). */
final class LatencyRecorder {
    private long[] samples = new long[1024];
    private int n;

    synchronized void record(long millis) {
        if (n == samples.length) {
            samples = Arrays.copyOf(samples, n * 2);
        }
        samples[n++] = millis;
    }

    synchronized Map<String, Long> percentiles() {
        Map<String, Long> out = new LinkedHashMap<>();
        if (n == 0) {
            return out;
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        out.put("p50", at(sorted, 0.50));
        out.put("p90", at(sorted, 0.90));
        out.put("p99", at(sorted, 0.99));
        out.put("max", sorted[n - 1]);
        return out;
    }

    private static long at(long[] sorted, double q) {
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
