package io.qualitymonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ShadowConfigTest {
    private static ShadowConfig load(Map<String, String> flags) {
        return new ConfigLoader(Map.of(), new Properties()).load(null, flags).shadow();
    }

    @Test
    void shouldBeOffWithoutACandidateBundle() {
        assertThat(load(Map.of()).enabled()).isFalse();
    }

    @Test
    void shouldSampleBySegmentOverridesThenTheDefault() {
        // Given a default fraction and one for android uploads
        ShadowConfig c =
                load(
                        Map.of(
                                "model.shadow.dir", "models/candidate",
                                "model.shadow.sample", "0.25",
                                "model.shadow.sample.platform.android", "1"));
        // Then android uploads use their own fraction, others the default
        assertThat(c.enabled()).isTrue();
        assertThat(c.dir().endsWith(java.nio.file.Path.of("models", "candidate"))).isTrue();
        assertThat(c.fraction(Map.of("platform", "android"))).isEqualTo(1.0);
        assertThat(c.fraction(Map.of("platform", "ios"))).isEqualTo(0.25);
        assertThat(c.fraction(Map.of())).isEqualTo(0.25);
    }

    @Test
    void shouldRefuseAFractionOutsideZeroToOne() {
        assertThatThrownBy(() -> load(Map.of("model.shadow.sample", "1.5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.shadow.sample");
        assertThatThrownBy(() -> load(Map.of("model.shadow.sample.platform", "0.5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("<label>.<value>");
    }
}
