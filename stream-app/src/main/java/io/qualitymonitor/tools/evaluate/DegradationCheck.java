package io.qualitymonitor.tools.evaluate;

import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.image.Distortion;
import io.qualitymonitor.model.ModelException;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.scoring.BatchScorer;
import io.qualitymonitor.scoring.Outcome;
import io.qualitymonitor.scoring.Prepared;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores one image at growing levels of a distortion (level 0 = the image itself) in one batch, and
 * says whether the scores fall monotonically: the controlled test of a quality model.
 */
public final class DegradationCheck {
    private final BatchScorer scorer;

    /** Returns a check that scores with {@code scorer}. */
    public DegradationCheck(Scorer scorer) {
        this.scorer = new BatchScorer(scorer);
    }

    /** Returns the scores of {@code image} at levels 0 to {@link Distortion#LEVELS}. */
    public double[] scores(BufferedImage image, Distortion distortion) {
        List<Prepared> batch = new ArrayList<>();
        for (int level = 0; level <= Distortion.LEVELS; level++) {
            batch.add(
                    Prepared.of(
                            new DecodedImage(
                                    distortion.apply(image, level), distortion.name(), 0)));
        }
        return scorer.score(batch).stream().mapToDouble(DegradationCheck::score).toArray();
    }

    private static double score(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Scored s -> s.result().score();
            case Outcome.Failed f -> throw new ModelException(f.failure().message());
        };
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
