package io.qualitymonitor.tools.compare;

import java.util.List;
import java.util.Map;

/**
 * The scores of one side, by upload id, and the model versions that made them.
 *
 * @param side whose scores these are
 * @param byUpload the last score of each upload on this side
 * @param models the {@code name version} of every model that scored on this side, sorted
 */
public record SideScores(Side side, Map<String, ScoredUpload> byUpload, List<String> models) {
    public SideScores {
        byUpload = Map.copyOf(byUpload);
        models = models.stream().sorted().distinct().toList();
    }
}
