package io.qualitymonitor.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DistortionTest {

    @ParameterizedTest
    @EnumSource(Distortion.class)
    void shouldMoveFurtherFromTheOriginalAtEachLevel(Distortion d) {
        // Given a textured image
        BufferedImage src = TestImages.texture(128, 96);
        // When it is distorted at levels 1..5
        double previous = 0;
        for (int level = 1; level <= Distortion.LEVELS; level++) {
            BufferedImage out = d.apply(src, level);
            // Then size is kept and the error to the original grows with the level
            assertThat(out.getWidth()).isEqualTo(128);
            double mse = mse(src, out);
            assertThat(mse).as("%s level %d", d, level).isGreaterThan(previous);
            previous = mse;
        }
        assertThat(d.apply(src, 0)).isSameAs(src);
    }

    private static double mse(BufferedImage a, BufferedImage b) {
        int[] pa = Pixels.rgb(a);
        int[] pb = Pixels.rgb(b);
        double s = 0;
        for (int i = 0; i < pa.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                double d = ((pa[i] >> shift) & 0xff) - ((pb[i] >> shift) & 0xff);
                s += d * d;
            }
        }
        return s / (3.0 * pa.length);
    }
}
