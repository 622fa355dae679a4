package io.qualitymonitor.tools.compare;

import io.qualitymonitor.app.Wiring;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.drift.SegmentKeys;
import io.qualitymonitor.stream.AlertPolicy;
import java.nio.file.Path;
import java.util.List;

/**
 * Compares two sides' scores of the same uploads, read from the scores topics (the configured one
 * by default), under the configured segments ({@code drift.segments}) and alert thresholds; writes
 * the JSON and the HTML page when asked.
 */
public final class CompareService {
    private CompareService() {}

    /**
     * What to compare and where to write it.
     *
     * @param a the reference side
     * @param b the compared side (deltas are B minus A)
     * @param examples upload ids to keep per kind of alert flip
     * @param json the JSON file to write, or null
     * @param html the HTML page to write (its plots beside it), or null
     * @param topics the scores topics to read; empty for the configured one ({@code topics.scores})
     */
    public record Options(Side a, Side b, int examples, Path json, Path html, List<String> topics) {
        public Options {
            topics = List.copyOf(topics);
        }
    }

    /** Returns the comparison, after writing the requested files. */
    public static Comparison run(AppConfig live, Options options) {
        List<SideScores> sides;
        try (Wiring wiring = new Wiring(live)) {
            var scores = wiring.topics().scores();
            sides =
                    new ScoreRuns(
                                    live.kafka().clientProperties(),
                                    scores.valueSerde().deserializer())
                            .read(
                                    List.of(options.a(), options.b()),
                                    options.topics().isEmpty()
                                            ? List.of(scores.name())
                                            : options.topics());
        }
        Comparison c =
                new ScoreComparison(
                                new SegmentKeys(live.drift().segments()),
                                new AlertPolicy(live.alerts()),
                                options.examples())
                        .compare(sides.get(0), sides.get(1));
        if (options.json() != null) {
            CompareTable.writeJson(c, options.json());
        }
        if (options.html() != null) {
            ComparePage.write(c, options.html());
        }
        return c;
    }
}
