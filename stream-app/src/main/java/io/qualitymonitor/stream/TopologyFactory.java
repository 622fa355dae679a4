package io.qualitymonitor.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.fetch.SafeFetcher;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.scoring.BatchScorer;
import io.qualitymonitor.scoring.ImagePreparer;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.kafka.streams.Topology;

/**
 * Returns the scoring topology built from the shared collaborators; the one builder the
 * application, the replay and the tests all call.
 *
 * @param scorer gives the live model when a batch starts (it may switch between batches)
 * @param fetcher shared by every task; closed by its owner
 * @param decodePool runs decoding after fetches; closed by its owner
 * @param replayRunId the replay run that re-scores, or null for live scoring
 * @param shadow takes every live score for the shadow model ({@link ScoreTap#NONE} without one)
 */
public record TopologyFactory(
        AppConfig config,
        Topics topics,
        Supplier<Scorer> scorer,
        SafeFetcher fetcher,
        ExecutorService decodePool,
        MeterRegistry meters,
        String replayRunId,
        ScoreTap shadow) {

    /** Returns the factory over one model that never switches, without a shadow model. */
    public TopologyFactory(
            AppConfig config,
            Topics topics,
            Scorer scorer,
            SafeFetcher fetcher,
            ExecutorService decodePool,
            MeterRegistry meters,
            String replayRunId) {
        this(config, topics, () -> scorer, fetcher, decodePool, meters, replayRunId, ScoreTap.NONE);
    }

    /**
     * Returns the topology: upload topics -> scoring -> scores, alerts, dead letters; scores ->
     * per-segment drift windows -> drift alerts.
     */
    public Topology topology() {
        ImagePreparer images =
                new ImagePreparer(
                        fetcher,
                        ImagePreparer.decoder(config.fetch(), config.memory()),
                        decodePool);
        var model = scorer.get().bundle().manifest();
        OutputRecords records =
                new OutputRecords(
                        new AlertPolicy(config.alerts()),
                        model.name(),
                        model.version(),
                        replayRunId);
        return QualityTopology.build(
                topics,
                ScoringProcessor.supplier(
                        config.batch(),
                        new UploadPreparer(
                                topics.uploadSerde().deserializer(),
                                topics.registryOutage(),
                                images),
                        new BatchScorer(scorer),
                        context ->
                                new OutcomeRouter(
                                        context, records, meters, Clock.systemUTC(), shadow),
                        meters),
                () -> new SegmentFanOut(config.drift(), topics.scores()),
                () ->
                        new DriftProcessor(
                                config.drift(),
                                meters,
                                Clock.systemUTC(),
                                config.topics().partitions()));
    }
}
