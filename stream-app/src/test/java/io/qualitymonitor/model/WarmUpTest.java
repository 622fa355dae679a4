package io.qualitymonitor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    @Test
    void shouldSplitTheViewsOfABatchIntoFullPassesAndTheRest() {
        assertThat(WarmUp.passRows(1, 48, 16)).containsExactly(16);
        assertThat(WarmUp.passRows(3, 3, 7)).containsExactlyInAnyOrder(7, 2);
        assertThat(WarmUp.passRows(2, 3, 7)).containsExactly(6);
        assertThat(WarmUp.passRows(5, 48, 0)).containsExactly(240);
    }

    @Test
    void shouldWarmOnlyOneBatchWhenEveryBatchRunsInPassesOfOneShape() {
        // Given the shipped bundle's low-level branch on a CPU: 48 views, passes of 16
        // Then batches of 1 to 8 images all run passes of 16 rows: one batch covers them
        assertThat(WarmUp.coveringSizes(8, Map.of("lowlevel.pt", 48), 16)).containsExactly(1);
    }

    @Test
    void shouldWarmEveryBatchSizeWhenTheWholeBatchIsOnePass() {
        // Given a GPU (one pass per batch): every batch size is a shape of its own
        assertThat(WarmUp.coveringSizes(4, Map.of("lowlevel.pt", 48), 0))
                .containsExactly(1, 2, 3, 4);
    }

    @Test
    void shouldWarmTheSizesThatMeetANewShapeOfAnyEncoder() {
        // Given encoders of 8 views and of 5 views, in passes of 16
        Map<String, Integer> views = new LinkedHashMap<>();
        views.put("a.pt", 8);
        views.put("b.pt", 5);
        // When batches of up to 4 are covered
        List<Integer> sizes = WarmUp.coveringSizes(4, views, 16);
        // Then a: 8, 16, 16+8, 16+16 and b: 5, 10, 15, 16+4 need sizes 1, 2, 3 and 4
        assertThat(sizes).containsExactly(1, 2, 3, 4);
        // and with only a, sizes 3 and 4 add nothing (passes of 8 and 16 were met)
        assertThat(WarmUp.coveringSizes(4, Map.of("a.pt", 8), 16)).containsExactly(1, 2);
    }

    @Test
    void shouldRunEveryShapeOfTheBundleOnce() {
        // Given the test bundle (low-level 8 views, vision-language 1 view) in passes of 16
        try (Scorer both = Scorer.open(TestBundles.BOTH, TestBundles.cpu(TestBundles.BOTH, 1))) {
            // When it warms up for batches of up to 3
            WarmUp w = WarmUp.run(both, 3);
            // Then it scored batches of 1, 2 and 3 and names each encoder's pass shapes
            assertThat(w.batchSizes()).containsExactly(1, 2, 3);
            assertThat(Set.copyOf(w.shapes()))
                    .isEqualTo(
                            Set.of(
                                    "lowlevel.pt rows 8",
                                    "lowlevel.pt rows 16",
                                    "vl_image.pt rows 1",
                                    "vl_image.pt rows 2",
                                    "vl_image.pt rows 3"));
            assertThat(w.took()).isPositive();
        }
    }

    @Test
    void shouldRunTheProjectorOnEveryRowCount() {
        // Given the bundle whose vision-language side projects the low-level features
        try (Scorer lit = Scorer.open(TestBundles.LIT, TestBundles.cpu(TestBundles.LIT, 1))) {
            // When it warms up for batches of up to 3
            WarmUp w = WarmUp.run(lit, 3);
            // Then the encoder needs two batches, the projector every row count
            assertThat(w.batchSizes()).containsExactly(1, 2);
            assertThat(w.shapes())
                    .containsExactly(
                            "lowlevel.pt rows 8",
                            "lowlevel.pt rows 16",
                            "vl_image.pt rows 1",
                            "vl_image.pt rows 2",
                            "vl_image.pt rows 3");
        }
    }
}
