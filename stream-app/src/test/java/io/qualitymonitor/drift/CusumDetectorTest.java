package io.qualitymonitor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CusumDetectorTest {

    @Test
    void shouldAccumulateASmallLastingDropPastTheThreshold() {
        // Given windows 5 points (0.05 of the range) below the baseline, allowance 0.025
        CusumDetector.State s = CusumDetector.State.ZERO;

        // When four windows pass
        for (int i = 0; i < 4; i++) {
            s = CusumDetector.update(s, -0.05, 0.025, 0.1);
        }

        // Then the lower sum reached the 0.1 threshold and the upper one stayed at zero
        assertThat(s.down()).isCloseTo(0.1, within(1e-12));
        assertThat(s.up()).isZero();
        assertThat(s.statistic()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void shouldIgnoreNoiseWithinTheAllowance() {
        // Given windows that wobble by up to 2 points
        CusumDetector.State s = CusumDetector.State.ZERO;
        double[] deviations = {0.02, -0.02, 0.015, -0.01, 0.02, 0.02, -0.02};

        // When
        for (double d : deviations) {
            s = CusumDetector.update(s, d, 0.025, 0.1);
        }

        // Then
        assertThat(s).isEqualTo(CusumDetector.State.ZERO);
    }

    @Test
    void shouldCapTheSumsSoTheyFallBackQuickly() {
        // Given a long 15-point drop
        CusumDetector.State s = CusumDetector.State.ZERO;
        for (int i = 0; i < 50; i++) {
            s = CusumDetector.update(s, -0.15, 0.025, 0.1);
        }

        // When one steady window follows
        s = CusumDetector.update(s, 0, 0.025, 0.1);

        // Then the sum is already under the recovery level 0.08
        assertThat(s.statistic()).isCloseTo(0.075, within(1e-12));
    }
}
