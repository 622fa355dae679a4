package io.qualitymonitor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PsiDetectorTest {

    @Test
    void shouldBeZeroForIdenticalDistributions() {
        // Given the same proportions at different sizes
        long[] baseline = {100, 300, 400, 200};
        long[] window = {10, 30, 40, 20};

        // When / Then
        assertThat(PsiDetector.psi(baseline, window, 1e-4)).isZero();
    }

    @Test
    void shouldMatchTheTextbookFormula() {
        // Given proportions (0.5, 0.5) against (0.25, 0.75)
        long[] expected = {50, 50};
        long[] actual = {25, 75};

        // When
        double psi = PsiDetector.psi(expected, actual, 1e-4);

        // Then PSI = (0.25 - 0.5) ln(0.25 / 0.5) + (0.75 - 0.5) ln(0.75 / 0.5)
        assertThat(psi).isCloseTo(-0.25 * Math.log(0.5) + 0.25 * Math.log(1.5), within(1e-12));
    }

    @Test
    void shouldFloorEmptyBinsAtEpsilon() {
        // Given a bin the window fills and the baseline never saw
        long[] expected = {100, 0};
        long[] actual = {50, 50};

        // When
        double psi = PsiDetector.psi(expected, actual, 1e-4);

        // Then it is finite and large: (0.5 - 1) ln(0.5) + (0.5 - 1e-4) ln(0.5 / 1e-4)
        assertThat(psi)
                .isCloseTo(-0.5 * Math.log(0.5) + (0.5 - 1e-4) * Math.log(5000), within(1e-9));
    }

    @Test
    void shouldGroupFineBinsIntoBinsOfEqualBaselineMass() {
        // Given ten fine bins of equal mass
        long[] baseline = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10};

        // When grouped into five
        int[] groupOf = PsiDetector.quantileGroups(baseline, 5);

        // Then each group holds two fine bins
        assertThat(groupOf).containsExactly(0, 0, 1, 1, 2, 2, 3, 3, 4, 4);
        assertThat(PsiDetector.regroup(baseline, groupOf)).containsExactly(20, 20, 20, 20, 20);
    }

    @Test
    void shouldGiveASmallPValueOnlyForARealChange() {
        // Given a baseline of 10,000 scores in ten equal bins
        long[] baseline = {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000};
        long[] same = {52, 47, 49, 51, 50, 53, 48, 50, 49, 51};
        long[] moved = {100, 90, 80, 60, 50, 40, 30, 20, 20, 10};

        // When
        PsiDetector.Result quiet = PsiDetector.test(baseline, same, 10, 1e-4);
        PsiDetector.Result loud = PsiDetector.test(baseline, moved, 10, 1e-4);

        // Then
        assertThat(quiet.bins()).isEqualTo(10);
        assertThat(quiet.pValue()).isGreaterThan(0.5);
        assertThat(loud.psi()).isGreaterThan(0.25);
        assertThat(loud.pValue()).isLessThan(1e-6);
    }
}
