package io.qualitymonitor.tools.compare;

import java.util.List;

/**
 * The comparison of two sides, segment by segment ({@code all} first).
 *
 * @param a the reference side (deltas are B minus A)
 * @param b the compared side
 * @param segments one entry per segment with at least one upload on either side
 */
public record Comparison(SideScores a, SideScores b, List<SegmentComparison> segments) {
    public Comparison {
        segments = List.copyOf(segments);
    }
}
