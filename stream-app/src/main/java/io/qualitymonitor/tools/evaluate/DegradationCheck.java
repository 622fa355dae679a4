package io.qualitymonitor.tools.evaluate;

import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.image.Distortion;
import io.qualitymonitor.model.ScoreResult;
import io.qualitymonitor.model.Scorer;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores one image at growing levels of a distortion (level 0 = the image itself) in one batch, and
 * says whether the scores fall monotonically: the controlled test of a quality model.
 */
public final class DegradationCheck {
    private final Scorer scorer;

    /** Returns a check that scores with {@code scorer}. */
    public DegradationCheck(Scorer scorer) {
        this.scorer = scorer;
    }

    /** Returns the scores of {@code image} at levels 0 to {@link Distortion#LEVELS}. */
    public double[] scores(BufferedImage image, Distortion distortion) {
        List<DecodedImage> batch = new ArrayList<>();
        for (int level = 0; level <= Distortion.LEVELS; level++) {
            batch.add(new DecodedImage(distortion.apply(image, level), distortion.name(), 0));
        }
        List<ScoreResult> results = scorer.score(batch);
        return results.stream().mapToDouble(ScoreResult::score).toArray();
    }

    /**
     * Returns whether each score is at most {@code tolerance} above the one before, and the last is
     * below the first.
     */
    public static boolean fallsMonotonically(double[] scores, double tolerance) {
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[i - 1] + tolerance) {
                return false;
            }
        }
        return scores[scores.length - 1] < scores[0];
    }
}
