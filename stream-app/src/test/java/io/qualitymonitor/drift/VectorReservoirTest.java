package io.qualitymonitor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VectorReservoirTest {

    @Test
    void shouldKeepAUniformSampleOfTheStream() {
        // Given 100,000 vectors holding their position in thousands (half precision holds 0-100)
        VectorReservoir r = new VectorReservoir(1_000, 1, 42);
        for (int i = 0; i < 100_000; i++) {
            r.add(new float[] {i / 1000f});
        }

        // When
        double mean = r.items().stream().mapToDouble(v -> v[0]).average().orElseThrow();
        long firstHalf = r.items().stream().filter(v -> v[0] < 50).count();

        // Then the sample is full and spread over the whole stream (sd of the mean about 0.9)
        assertThat(r.items()).hasSize(1_000);
        assertThat(r.seen()).isEqualTo(100_000);
        assertThat(mean).isBetween(47.0, 53.0);
        assertThat(firstHalf).isBetween(440L, 560L);
    }

    @Test
    void shouldGiveTheSameSampleForTheSameStreamAndSeed() {
        // Given two reservoirs fed the same stream
        VectorReservoir a = new VectorReservoir(10, 2, 7);
        VectorReservoir b = new VectorReservoir(10, 2, 7);
        for (int i = 0; i < 1_000; i++) {
            a.add(new float[] {i, -i});
            b.add(new float[] {i, -i});
        }

        // When / Then
        for (int i = 0; i < 10; i++) {
            assertThat(a.items().get(i)).containsExactly(b.items().get(i));
        }
    }

    @Test
    void shouldMergeInProportionToTheStreamsSizes() {
        // Given one stream of 30,000 zeros and one of 10,000 ones
        VectorReservoir zeros = new VectorReservoir(1_000, 1, 1);
        VectorReservoir ones = new VectorReservoir(1_000, 1, 2);
        for (int i = 0; i < 30_000; i++) {
            zeros.add(new float[] {0});
        }
        for (int i = 0; i < 10_000; i++) {
            ones.add(new float[] {1});
        }

        // When
        VectorReservoir merged = zeros.merged(ones);

        // Then a quarter of the merged sample comes from the smaller stream
        long fromOnes = merged.items().stream().filter(v -> v[0] == 1).count();
        assertThat(merged.items()).hasSize(1_000);
        assertThat(merged.seen()).isEqualTo(40_000);
        assertThat(fromOnes).isBetween(200L, 300L);
    }

    @Test
    void shouldRejectVectorsOfTheWrongLengthOrTooLargeForHalfPrecision() {
        // Given
        VectorReservoir r = new VectorReservoir(4, 2, 1);

        // When / Then
        assertThat(r.add(new float[] {1, 2, 3})).isFalse();
        assertThat(r.add(new float[] {1e6f, 0})).isFalse();
        assertThat(r.add(new float[] {1.0001f, 2})).isTrue();
        assertThat(r.items()).singleElement().satisfies(v -> assertThat(v).containsExactly(1f, 2f));
        assertThat(List.of(r.seen())).containsExactly(1L);
    }

    @Test
    void shouldProjectFeaturesToTheConfiguredSizeKeepingDistances() {
        // Given a 2,048 to 32 projection and two far-apart vectors
        FeatureProjection p = new FeatureProjection(32, 42);
        float[] a = new float[2048];
        float[] b = new float[2048];
        for (int i = 0; i < 2048; i++) {
            a[i] = (float) Math.sin(i);
            b[i] = (float) Math.cos(i);
        }

        // When
        float[] pa = p.apply(a);
        float[] pb = p.apply(b);

        // Then the size is fixed and the distance keeps its order of magnitude
        assertThat(pa).hasSize(32);
        double before = distance(a, b);
        double after = distance(pa, pb);
        assertThat(after / before).isBetween(0.5, 1.5);
        assertThat(p.apply(a)).containsExactly(pa);
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
