package io.qualitymonitor.tools.compare;

import io.qualitymonitor.report.TopicScan;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.stream.Topic;
import io.qualitymonitor.tools.UsageException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the scores of the compared sides from the scores topic in one pass. An upload scored more
 * than once on one side (a live upload sent again) counts with its last score, in topic order.
 */
public final class ScoreRuns {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreRuns.class);
    private static final int NAMED_RUNS = 10;

    private final Properties clientProperties;
    private final Topic<String, QualityScore> scores;

    /** Returns the reader of {@code scores} with these Kafka client settings. */
    public ScoreRuns(Properties clientProperties, Topic<String, QualityScore> scores) {
        this.clientProperties = clientProperties;
        this.scores = scores;
    }

    /**
     * Returns the scores of each side, in the order given; a side with no score on the topic is a
     * {@link UsageException} naming the replay run ids the topic holds.
     */
    public List<SideScores> read(List<Side> sides) {
        Map<Side, Map<String, ScoredUpload>> byUpload = new LinkedHashMap<>();
        Map<Side, Set<String>> models = new HashMap<>();
        sides.forEach(s -> byUpload.put(s, new HashMap<>()));
        Set<String> runIds = new TreeSet<>();
        long[] unreadable = new long[1];
        Deserializer<QualityScore> deserializer = scores.valueSerde().deserializer();
        new TopicScan(clientProperties)
                .scan(
                        scores.name(),
                        r -> {
                            QualityScore s;
                            try {
                                s =
                                        r.value() == null
                                                ? null
                                                : deserializer.deserialize(r.topic(), r.value());
                            } catch (RuntimeException e) {
                                unreadable[0]++;
                                return;
                            }
                            if (s == null) {
                                return;
                            }
                            if (s.getReplayRunId() != null) {
                                runIds.add(s.getReplayRunId());
                            }
                            for (Side side : sides) {
                                if (side.owns(s)) {
                                    byUpload.get(side)
                                            .put(
                                                    s.getUploadId(),
                                                    new ScoredUpload(
                                                            s.getScore(), s.getSegments()));
                                    models.computeIfAbsent(side, k -> new TreeSet<>())
                                            .add(s.getModelName() + " " + s.getModelVersion());
                                }
                            }
                        });
        if (unreadable[0] > 0) {
            // a foreign record must not stop a comparison, but it must not pass unseen either
            LOG.warn(
                    "replay compare: skipped {} unreadable records of '{}'",
                    unreadable[0],
                    scores.name());
        }
        for (Side side : sides) {
            if (byUpload.get(side).isEmpty()) {
                throw new UsageException(missing(side, runIds));
            }
        }
        return sides.stream()
                .map(s -> new SideScores(s, byUpload.get(s), List.copyOf(models.get(s))))
                .toList();
    }

    private String missing(Side side, Set<String> runIds) {
        String what =
                side.runId() == null
                        ? "no live scores"
                        : "no scores of replay run '" + side.runId() + "'";
        String found =
                runIds.isEmpty()
                        ? "it holds no replay run"
                        : "replay runs there: "
                                + String.join(", ", runIds.stream().limit(NAMED_RUNS).toList())
                                + (runIds.size() > NAMED_RUNS ? ", ..." : "");
        return what + " on '" + scores.name() + "'; " + found;
    }
}
