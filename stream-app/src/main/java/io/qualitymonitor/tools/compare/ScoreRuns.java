package io.qualitymonitor.tools.compare;

import io.qualitymonitor.report.TopicScan;
import io.qualitymonitor.schemas.QualityScore;
import io.qualitymonitor.tools.UsageException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the scores of the compared sides from one or more scores topics (the live one, and those a
 * replay was pointed at), each in one pass. A side is told by the score's replay run id, whichever
 * topic holds it. An upload scored more than once on one side (a live upload sent again) counts
 * with its last score, in topic order.
 */
public final class ScoreRuns {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreRuns.class);
    private static final int NAMED_RUNS = 10;

    private final Properties clientProperties;
    private final Deserializer<QualityScore> deserializer;

    /** Returns the reader with these Kafka client settings and the scores' deserializer. */
    public ScoreRuns(Properties clientProperties, Deserializer<QualityScore> deserializer) {
        this.clientProperties = clientProperties;
        this.deserializer = deserializer;
    }

    /**
     * Returns the scores of each side, in the order given, read from {@code topics}; a side with no
     * score there is a {@link UsageException} naming the replay run ids the topics hold.
     */
    public List<SideScores> read(List<Side> sides, List<String> topics) {
        Collector c = new Collector(sides);
        for (String topic : topics) {
            new TopicScan(clientProperties).scan(topic, c::add);
        }
        if (c.unreadable > 0) {
            // a foreign record must not stop a comparison, but it must not pass unseen either
            LOG.warn("replay compare: skipped {} unreadable records of {}", c.unreadable, topics);
        }
        for (Side side : sides) {
            if (c.byUpload.get(side).isEmpty()) {
                throw new UsageException(missing(side, topics, c.runIds));
            }
        }
        return sides.stream()
                .map(s -> new SideScores(s, c.byUpload.get(s), List.copyOf(c.models.get(s))))
                .toList();
    }

    private static String missing(Side side, List<String> topics, Set<String> runIds) {
        String what =
                side.runId() == null
                        ? "no live scores"
                        : "no scores of replay run '" + side.runId() + "'";
        String found =
                runIds.isEmpty()
                        ? "no replay run there"
                        : "replay runs there: "
                                + String.join(", ", runIds.stream().limit(NAMED_RUNS).toList())
                                + (runIds.size() > NAMED_RUNS ? ", ..." : "");
        return what + " on '" + String.join("', '", topics) + "'; " + found;
    }

    /** The scores of every side seen so far, the run ids met, and the records skipped. */
    private final class Collector {
        private final List<Side> sides;
        private final Map<Side, Map<String, ScoredUpload>> byUpload = new LinkedHashMap<>();
        private final Map<Side, Set<String>> models = new HashMap<>();
        private final Set<String> runIds = new TreeSet<>();
        private long unreadable;

        Collector(List<Side> sides) {
            this.sides = sides;
            sides.forEach(s -> byUpload.put(s, new HashMap<>()));
        }

        void add(ConsumerRecord<String, byte[]> r) {
            if (r.value() == null) {
                return;
            }
            QualityScore s;
            try {
                s = deserializer.deserialize(r.topic(), r.value());
            } catch (RuntimeException e) {
                unreadable++;
                return;
            }
            if (s.getReplayRunId() != null) {
                runIds.add(s.getReplayRunId());
            }
            for (Side side : sides) {
                if (side.owns(s)) {
                    byUpload.get(side)
                            .put(s.getUploadId(), new ScoredUpload(s.getScore(), s.getSegments()));
                    models.computeIfAbsent(side, k -> new TreeSet<>())
                            .add(s.getModelName() + " " + s.getModelVersion());
                }
            }
        }
    }
}
