package io.qualitymonitor.tools.compare;

import java.util.Map;

/**
 * One upload's score on one side of a comparison.
 *
 * @param score the overall score, 0-100
 * @param segments the upload's segment labels
 */
public record ScoredUpload(double score, Map<String, String> segments) {
    public ScoredUpload {
        segments = Map.copyOf(segments);
    }
}
