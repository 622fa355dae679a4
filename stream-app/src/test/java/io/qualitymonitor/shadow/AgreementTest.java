package io.qualitymonitor.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AgreementTest {

    @Test
    void shouldMeasureRankCorrelationDeltasFlipsAndLatency() {
        // Given a candidate that ranks like the live model, 10 points higher, with one alert flip
        Agreement a = new Agreement(10);
        a.add(20, 30, false, 4);
        a.add(40, 50, true, 6);
        a.add(60, 70, false, 8);
        // Then
        Agreement.Summary s = a.summary();
        assertThat(s.pairs()).isEqualTo(3);
        assertThat(s.rankCorrelation()).isCloseTo(1.0, within(1e-9));
        assertThat(s.deltaMean()).isCloseTo(10.0, within(1e-9));
        assertThat(s.deltaSpread()).isCloseTo(0.0, within(1e-9));
        assertThat(s.alertFlips()).isEqualTo(1);
        assertThat(s.candidateMs()).isCloseTo(6.0, within(1e-9));
    }

    @Test
    void shouldKeepOnlyTheMostRecentPairs() {
        // Given a window of 3 and a candidate that agrees, then ranks the other way round
        Agreement a = new Agreement(3);
        a.add(10, 10, true, 1);
        a.add(20, 30, false, 1);
        a.add(30, 20, false, 1);
        a.add(40, 10, false, 1);
        // Then the first pair (and its flip) is gone
        Agreement.Summary s = a.summary();
        assertThat(s.pairs()).isEqualTo(3);
        assertThat(s.rankCorrelation()).isCloseTo(-1.0, within(1e-9));
        assertThat(s.deltaMean()).isCloseTo(-10.0, within(1e-9));
        assertThat(s.deltaSpread()).isCloseTo(20.0, within(1e-9));
        assertThat(s.alertFlips()).isZero();
    }

    @Test
    void shouldLeaveUndefinedFiguresNaNUntilThereAreEnoughPairs() {
        Agreement a = new Agreement(5);
        assertThat(a.summary().deltaMean()).isNaN();
        a.add(1, 2, false, 1);
        assertThat(a.summary().rankCorrelation()).isNaN();
        assertThat(a.summary().deltaSpread()).isNaN();
    }
}
