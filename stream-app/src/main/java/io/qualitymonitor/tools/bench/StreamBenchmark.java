package io.qualitymonitor.tools.bench;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.qualitymonitor.app.ScoringApp;
import io.qualitymonitor.app.Wiring;
import io.qualitymonitor.app.demo.DemoObserver;
import io.qualitymonitor.app.demo.SampleUploads;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.embedded.EmbeddedStack;
import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.scoring.BatchScorer;
import io.qualitymonitor.scoring.ImagePreparer;
import io.qualitymonitor.stream.BatchMeters;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Benchmarks the whole streaming pipeline on the embedded stack against the raw model, side by side
 * in one run: for each ({@code batch.max.size}, {@code batch.max.delay.ms}) point a fresh set of
 * topics and a fresh pipeline; a burst of uploads gives the pipeline's throughput, the same
 * pipeline's {@link io.qualitymonitor.model.Scorer} on the same decoded images at that batch size
 * gives the raw model's, and uploads paced at half the burst throughput give the end-to-end latency
 * under moderate load.
 */
public final class StreamBenchmark {
    /** Share of the measured burst throughput at which the latency phase is paced. */
    static final double PACED_LOAD = 0.5;

    private static final PrintWriter QUIET = new PrintWriter(Writer.nullWriter());

    private final Function<Map<String, String>, AppConfig> configFor;
    private final Settings settings;
    private final Consumer<String> progress;
    private final AppConfig base;

    /**
     * What to measure.
     *
     * @param sizes values of {@code batch.max.size}
     * @param delaysMs values of {@code batch.max.delay.ms}
     * @param uploads uploads in the burst (the paced phase sends half as many)
     * @param rawSeconds least seconds of each raw-model measurement
     */
    public record Settings(
            List<Integer> sizes, List<Long> delaysMs, int uploads, double rawSeconds) {
        public Settings {
            if (sizes.isEmpty() || delaysMs.isEmpty()) {
                throw new IllegalArgumentException("give at least one batch size and one delay");
            }
            if (sizes.stream().anyMatch(s -> s < 1) || delaysMs.stream().anyMatch(d -> d < 0)) {
                throw new IllegalArgumentException("batch sizes must be >= 1 and delays >= 0 ms");
            }
            if (uploads < 10) {
                throw new IllegalArgumentException("--uploads must be at least 10");
            }
            sizes = List.copyOf(sizes);
            delaysMs = List.copyOf(delaysMs);
        }
    }

    /**
     * One measured point.
     *
     * @param pipelinePerSecond uploads accounted for per second during the burst
     * @param rawPerSecond the raw model's images per second at batch size {@code size}
     * @param meanBatch mean size of the batches the pipeline sent to the model during the burst
     * @param burstLatencyMs end-to-end latency percentiles during the burst (queueing included)
     * @param pacedPerSecond the rate of the paced phase
     * @param pacedLatencyMs end-to-end latency percentiles of the paced phase
     */
    public record Point(
            int size,
            long delayMs,
            double pipelinePerSecond,
            double rawPerSecond,
            double meanBatch,
            Map<String, Long> burstLatencyMs,
            double pacedPerSecond,
            Map<String, Long> pacedLatencyMs) {

        /** Returns pipeline throughput over raw model throughput. */
        public double ratio() {
            return pipelinePerSecond / rawPerSecond;
        }
    }

    /**
     * Returns a benchmark; {@code configFor} returns the configuration with the given overrides
     * applied last (the way {@code --set} does), {@code progress} receives one line per step.
     */
    public StreamBenchmark(
            Function<Map<String, String>, AppConfig> configFor,
            Settings settings,
            Consumer<String> progress) {
        this.configFor = configFor;
        this.settings = settings;
        this.progress = progress;
        this.base = configFor.apply(Map.of());
    }

    /** Starts the embedded stack, measures every point and returns them in order. */
    public List<Point> run() throws InterruptedException {
        progress.accept("starting the embedded stack (broker + registry)...");
        try (EmbeddedStack stack = EmbeddedStack.start(base.embedded())) {
            return run(stack);
        }
    }

    /** Measures every point on a running stack and returns them in order. */
    public List<Point> run(EmbeddedStack stack) throws InterruptedException {
        List<DecodedImage> images = decodedSamples(base);
        progress.accept("warm-up point (not reported): JIT, model and broker warm-up");
        measure(stack, images, settings.sizes().get(0), settings.delaysMs().get(0), "warmup");
        List<Point> points = new ArrayList<>();
        for (int size : settings.sizes()) {
            for (long delay : settings.delaysMs()) {
                Point p = measure(stack, images, size, delay, "p" + (points.size() + 1));
                progress.accept(describe(p));
                points.add(p);
            }
        }
        return points;
    }

    /** Returns the point with the highest pipeline throughput; ties go to the lower p99. */
    public static Point best(List<Point> points) {
        Point best = points.get(0);
        for (Point p : points) {
            double gain = p.pipelinePerSecond() / best.pipelinePerSecond();
            if (gain > 1.05
                    || (gain > 0.95
                            && p.pacedLatencyMs().getOrDefault("p99", Long.MAX_VALUE)
                                    < best.pacedLatencyMs().getOrDefault("p99", Long.MAX_VALUE))) {
                best = p;
            }
        }
        return best;
    }

    private Point measure(
            EmbeddedStack stack, List<DecodedImage> images, int size, long delay, String label)
            throws InterruptedException {
        String suffix = String.format(Locale.ROOT, "-bench-%s-b%d-d%d", label, size, delay);
        Map<String, String> o = new LinkedHashMap<>();
        o.put("batch.max.size", Integer.toString(size));
        o.put("batch.max.delay.ms", Long.toString(delay));
        for (String key :
                List.of("uploads", "scores", "alerts", "drift", "dead.letters", "baselines")) {
            o.put("topics." + key, topicName(base, key) + suffix);
        }
        o.put("topics.uploads.pattern", "");
        o.put("kafka.application.id", base.kafka().applicationId() + suffix);
        AppConfig live =
                configFor.apply(o).withEndpoints(stack.bootstrapServers(), stack.registryUrl());
        progress.accept(
                String.format(
                        Locale.ROOT,
                        "point %s: batch.max.size=%d batch.max.delay.ms=%d",
                        label,
                        size,
                        delay));
        try (Wiring wiring = new Wiring(live)) {
            wiring.provisionTopics();
            wiring.registerSchemas();
            SampleUploads samples = SampleUploads.fromDirectory(live.embedded().samplesDir());
            try (ScoringApp pipeline = ScoringApp.start(live, wiring.topics());
                    DemoObserver observer =
                            new DemoObserver(
                                    live.kafka().clientProperties(), wiring.topics(), QUIET)) {
                pipeline.awaitReady(live.embedded().startTimeout());
                UploadPhase phase = new UploadPhase(wiring, samples, observer);
                phase.run(Math.max(2 * size, 8), Double.POSITIVE_INFINITY); // warm-up
                double[] batches0 = batchTotals(pipeline.meters());
                long t0 = System.nanoTime();
                phase.run(settings.uploads(), Double.POSITIVE_INFINITY);
                double burstSeconds = (System.nanoTime() - t0) / 1e9;
                double[] batches1 = batchTotals(pipeline.meters());
                Map<String, Long> burstLatency = observer.latencyPercentiles();
                double throughput = settings.uploads() / burstSeconds;
                double paced = Math.max(0.5, throughput * PACED_LOAD);
                phase.run(Math.max(10, settings.uploads() / 2), paced);
                Map<String, Long> pacedLatency = observer.latencyPercentiles();
                double raw =
                        new BenchRunner(
                                        new BatchScorer(pipeline.scorer()),
                                        images,
                                        2,
                                        5,
                                        settings.rawSeconds())
                                .run(size)
                                .imagesPerSecond();
                double count = batches1[0] - batches0[0];
                double meanBatch = count > 0 ? (batches1[1] - batches0[1]) / count : Double.NaN;
                return new Point(
                        size, delay, throughput, raw, meanBatch, burstLatency, paced, pacedLatency);
            }
        }
    }

    private static String topicName(AppConfig cfg, String key) {
        var t = cfg.topics();
        return switch (key) {
            case "uploads" -> t.uploads().get(0);
            case "scores" -> t.scores();
            case "alerts" -> t.alerts();
            case "drift" -> t.drift();
            case "dead.letters" -> t.deadLetters();
            default -> t.baselines();
        };
    }

    private static double[] batchTotals(MeterRegistry meters) {
        double count = 0;
        double total = 0;
        for (DistributionSummary s : meters.find(BatchMeters.SIZE).summaries()) {
            count += s.count();
            total += s.totalAmount();
        }
        return new double[] {count, total};
    }

    private static List<DecodedImage> decodedSamples(AppConfig cfg) {
        try (ImagePreparer images = ImagePreparer.forCommandLine(cfg.fetch(), cfg.memory())) {
            return BenchImages.load(cfg.embedded().samplesDir(), 32, images);
        }
    }

    /**
     * Returns the points as a Markdown table after the context lines, and the chosen point ({@link
     * #best}).
     */
    public static String markdown(List<Point> points, List<String> context) {
        StringBuilder sb = new StringBuilder();
        context.forEach(c -> sb.append("- ").append(c).append('\n'));
        sb.append('\n');
        sb.append(
                "| batch.max.size | batch.max.delay.ms | pipeline uploads/s | raw model img/s |"
                        + " ratio (pipeline/raw) | mean batch | burst p50 ms | burst p99 ms |"
                        + " paced at /s | paced p50 ms | paced p99 ms |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Point p : points) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %d | %.2f | %.2f | %.2f | %.1f | %s | %s | %.1f | %s | %s |%n",
                            p.size(),
                            p.delayMs(),
                            p.pipelinePerSecond(),
                            p.rawPerSecond(),
                            p.ratio(),
                            p.meanBatch(),
                            p.burstLatencyMs().get("p50"),
                            p.burstLatencyMs().get("p99"),
                            p.pacedPerSecond(),
                            p.pacedLatencyMs().get("p50"),
                            p.pacedLatencyMs().get("p99")));
        }
        Point b = best(points);
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%nBest: batch.max.size=%d, batch.max.delay.ms=%d (highest pipeline"
                                + " throughput; within 5%%, the lower paced p99).%n",
                        b.size(),
                        b.delayMs()));
        return sb.toString();
    }

    private static String describe(Point p) {
        return String.format(
                Locale.ROOT,
                "  pipeline %.2f/s, raw model %.2f/s (ratio %.2f), mean batch %.1f; paced at %.1f/s:"
                        + " p50 %s ms, p99 %s ms",
                p.pipelinePerSecond(),
                p.rawPerSecond(),
                p.ratio(),
                p.meanBatch(),
                p.pacedPerSecond(),
                p.pacedLatencyMs().get("p50"),
                p.pacedLatencyMs().get("p99"));
    }
}
