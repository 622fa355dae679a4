package io.qualitymonitor.config;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Returns topic names and how to create them. Default names are declared here and nowhere else.
 *
 * @param uploads the input topics (ignored when {@code uploadsPattern} is set)
 * @param uploadsPattern a regex of input topics, or null
 * @param baselines the compacted topic of drift baselines (key {@code name|segment})
 * @param modelControl the compacted topic that names each application's live model bundle (key the
 *     application id); switching is off while it does not exist
 * @param shadow the topic of the shadow (candidate) model's scores
 */
public record TopicsConfig(
        List<String> uploads,
        Pattern uploadsPattern,
        String scores,
        String alerts,
        String drift,
        String deadLetters,
        String baselines,
        String modelControl,
        String shadow,
        int partitions,
        short replicationFactor) {

    static TopicsConfig from(RawConfig c) {
        Pattern pattern = null;
        String regex = c.get("topics.uploads.pattern");
        if (regex != null) {
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new ConfigException(
                        "setting 'topics.uploads.pattern' is not a valid regex: "
                                + e.getDescription());
            }
        }
        List<String> uploads = c.getList("topics.uploads");
        if (uploads.isEmpty() && pattern == null) {
            throw new ConfigException(
                    "no input topic: set 'topics.uploads' or 'topics.uploads.pattern'");
        }
        int rf = c.getPositiveInt("topics.replication.factor");
        return new TopicsConfig(
                uploads,
                pattern,
                c.getString("topics.scores"),
                c.getString("topics.alerts"),
                c.getString("topics.drift"),
                c.getString("topics.dead.letters"),
                c.getString("topics.baselines"),
                c.getString("topics.model.control"),
                c.getString("topics.shadow"),
                c.getPositiveInt("topics.partitions"),
                (short) rf);
    }

    /** Returns every output topic name. */
    public List<String> outputs() {
        return List.of(scores, alerts, drift, deadLetters);
    }
}
