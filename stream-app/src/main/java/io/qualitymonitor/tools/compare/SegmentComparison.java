package io.qualitymonitor.tools.compare;

/**
 * How the two sides agree on the uploads of one segment.
 *
 * @param segment the segment key ({@code all}, or labels such as {@code platform=ios})
 * @param both uploads scored on both sides
 * @param onlyA uploads scored on side A only
 * @param onlyB uploads scored on side B only
 * @param srcc Spearman's rank correlation of A and B over {@code both} (average ranks for ties; NaN
 *     below 3 uploads or when one side is constant)
 * @param deltas the distribution of B minus A
 * @param flips the alert status changes
 * @param a the scores of side A, in upload id order (for the plots)
 * @param b the scores of side B of the same uploads
 */
public record SegmentComparison(
        String segment,
        int both,
        int onlyA,
        int onlyB,
        double srcc,
        DeltaStats deltas,
        AlertFlips flips,
        double[] a,
        double[] b) {}
