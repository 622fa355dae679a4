package io.qualitymonitor.tools.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    private final Evaluator evaluator = new Evaluator(new EvaluationSettings(200, 42L, 0.95));

    @Test
    void shouldReportPositiveCoefficientsForGoodLowerIsBetterModel() {
        // Given a score that falls as the label rises (like BRISQUE against MOS)
        Random r = new Random(1L);
        double[] labels = new double[80];
        double[] scores = new double[80];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = 1 + 4 * r.nextDouble();
            scores[i] = 100 - 20 * labels[i] + 3 * r.nextGaussian();
        }

        // When
        ModelEvaluation e = evaluator.evaluate("brisque", true, scores, labels, null);

        // Then
        assertThat(e.overall().srcc().estimate()).isGreaterThan(0.9);
        assertThat(e.overall().plcc().estimate()).isGreaterThan(0.9);
        assertThat(e.overall().krcc().estimate()).isGreaterThan(0.7);
        assertThat(e.overall().count()).isEqualTo(80);
        assertThat(e.groups()).isEmpty();
    }

    @Test
    void shouldSummariseEachGroupAndLeaveTinyGroupsUndefined() {
        // Given 20 "blur" images scored perfectly, 20 "noise" images reversed, 3 "jpeg"
        int n = 43;
        double[] labels = new double[n];
        double[] scores = new double[n];
        String[] groups = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 20;
            groups[i] = i < 20 ? "blur" : i < 40 ? "noise" : "jpeg";
            scores[i] = groups[i].equals("noise") ? -labels[i] : labels[i];
        }

        // When
        ModelEvaluation e = evaluator.evaluate("m", false, scores, labels, groups);

        // Then groups come in name order with their own coefficients
        assertThat(e.groups()).containsOnlyKeys("blur", "jpeg", "noise");
        assertThat(e.groups().keySet()).containsExactly("blur", "jpeg", "noise");
        assertThat(e.groups().get("blur").srcc().estimate()).isCloseTo(1.0, within(1e-12));
        assertThat(e.groups().get("noise").srcc().estimate()).isCloseTo(-1.0, within(1e-12));
        assertThat(e.groups().get("jpeg").srcc().estimate()).isNaN();
        assertThat(e.groups().get("jpeg").count()).isEqualTo(3);
    }
}
