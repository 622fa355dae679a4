package io.qualitymonitor.drift;

import io.qualitymonitor.config.DriftConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Returns every enabled metric of one window against a baseline, with the thresholds of the
 * window's segment.
 *
 * <p>False alarms over many windows and metrics are kept down in two ways: each test with a p-value
 * (PSI, KS, MMD) uses {@code alpha / k}, k being the number of such tests enabled (Bonferroni), and
 * every metric must also reach an effect-size floor (its warning threshold), so that large windows
 * do not alarm on differences too small to matter.
 */
public final class DriftEvaluator {
    private final DriftConfig.Tests tests;
    private final double range;
    private final int pValueTests;

    /** Returns an evaluator for the given settings. */
    public DriftEvaluator(DriftConfig config) {
        this.tests = config.tests();
        this.range = config.shape().scoreMax() - config.shape().scoreMin();
        int k = 0;
        for (String m : List.of("PSI", "KS", "MMD")) {
            k += tests.metrics().contains(m) ? 1 : 0;
        }
        this.pValueTests = Math.max(1, k);
    }

    /**
     * Returns the results and the CUSUM state after this window.
     *
     * @param results one per enabled metric that could be computed (MMD needs enough vectors)
     */
    public record Evaluation(List<MetricResult> results, CusumDetector.State cusum) {}

    /** Returns the evaluation of {@code window} against {@code baseline}. */
    public Evaluation evaluate(
            DriftSummary baseline,
            DriftSummary window,
            DriftConfig.Limits limits,
            CusumDetector.State cusum) {
        ScoreHistogram b = baseline.histogram();
        ScoreHistogram w = window.histogram();
        if (!b.sameShape(w)) {
            throw new DriftSummaryException(
                    "baseline and window histograms differ; rebuild the baseline with the current"
                            + " drift.histogram.* and drift.score.* settings");
        }
        List<MetricResult> out = new ArrayList<>();
        histogramMetrics(b, w, limits, out);
        CusumDetector.State next = cusum;
        if (tests.metrics().contains("CUSUM")) {
            double deviation = (window.mean() - baseline.mean()) / range;
            next =
                    CusumDetector.update(
                            cusum, deviation, tests.cusumAllowance(), limits.cusum().warning());
            out.add(plain(Metric.CUSUM, next.statistic(), limits.cusum()));
        }
        if (tests.metrics().contains("MMD") && enoughVectors(baseline, window)) {
            MmdDetector.Result r =
                    MmdDetector.test(
                            baseline.reservoir().items(),
                            window.reservoir().items(),
                            tests.mmdPermutations(),
                            window.reservoir().seed() ^ window.count());
            out.add(tested(Metric.MMD, r.statistic(), r.pValue(), limits.mmd()));
        }
        return new Evaluation(List.copyOf(out), next);
    }

    private void histogramMetrics(
            ScoreHistogram b, ScoreHistogram w, DriftConfig.Limits limits, List<MetricResult> out) {
        Set<String> on = tests.metrics();
        if (on.contains("PSI")) {
            PsiDetector.Result r =
                    PsiDetector.test(b.counts(), w.counts(), tests.psiBins(), tests.psiEpsilon());
            out.add(tested(Metric.PSI, r.psi(), r.pValue(), limits.psi()));
        }
        if (on.contains("KS")) {
            double d = KsDetector.statistic(b.counts(), w.counts());
            double p = KsDetector.pValue(d, b.total(), w.total());
            out.add(tested(Metric.KS, d, p, limits.ks()));
        }
        if (on.contains("WASSERSTEIN")) {
            double wd = WassersteinDetector.distance(b.counts(), w.counts(), b.binWidth()) / range;
            out.add(plain(Metric.WASSERSTEIN, wd, limits.wasserstein()));
        }
    }

    private boolean enoughVectors(DriftSummary baseline, DriftSummary window) {
        int min = Math.max(2, tests.minFeatureSamples());
        return baseline.reservoir().size() >= min && window.reservoir().size() >= min;
    }

    private static MetricResult plain(Metric metric, double statistic, DriftConfig.Limit limit) {
        return new MetricResult(
                metric, statistic, null, Double.NaN, limit.warning(), limit.critical());
    }

    private MetricResult tested(
            Metric metric, double statistic, double p, DriftConfig.Limit limit) {
        return new MetricResult(
                metric,
                statistic,
                Double.isNaN(p) ? null : p,
                limit.alpha() / pValueTests,
                limit.warning(),
                limit.critical());
    }
}
