package io.qualitymonitor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.config.DriftConfig;
import io.qualitymonitor.drift.DriftFixtures.Population;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RollingReferenceTest {

    @Test
    void shouldOfferNoReferenceUntilAFirstBlockIsComplete() {
        // Given blocks of three windows
        DriftConfig config = DriftFixtures.defaults();
        SplittableRandom random = new SplittableRandom(1);
        RollingReference r = new RollingReference(3);

        // When two windows pass, then a third
        r.offer(Population.STEADY.summary(config, 200, random));
        r.offer(Population.STEADY.summary(config, 200, random));
        boolean emptyAfterTwo = r.baseline().isEmpty();
        r.offer(Population.STEADY.summary(config, 200, random));

        // Then the reference is the merge of the three
        assertThat(emptyAfterTwo).isTrue();
        assertThat(r.baseline())
                .hasValueSatisfying(
                        b -> {
                            assertThat(b.id()).isEqualTo("rolling@1");
                            assertThat(b.summary().count()).isEqualTo(600);
                        });
    }

    @Test
    void shouldReplaceTheReferenceBlockByBlockAndSurviveItsBytes() {
        // Given blocks of two windows, the second block 10 points lower
        DriftConfig config = DriftFixtures.defaults();
        SplittableRandom random = new SplittableRandom(2);
        RollingReference r = new RollingReference(2);
        for (int i = 0; i < 2; i++) {
            r.offer(Population.STEADY.summary(config, 300, random));
        }
        r.offer(Population.STEADY.withMean(55).summary(config, 300, random));

        // When the state goes through bytes and the second block completes
        RollingReference back = RollingReference.fromBytes(r.toBytes());
        double before = back.baseline().orElseThrow().summary().mean();
        back.offer(Population.STEADY.withMean(55).summary(config, 300, random));

        // Then the reference moved to the newer block
        assertThat(before).isBetween(64.0, 66.0);
        assertThat(back.baseline())
                .hasValueSatisfying(
                        b -> {
                            assertThat(b.version()).isEqualTo(2);
                            assertThat(b.summary().mean()).isBetween(54.0, 56.0);
                        });
    }
}
