package io.qualitymonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DriftConfigTest {

    private static DriftConfig load(Map<String, String> flags) {
        return DriftConfig.from(new ConfigLoader(Map.of(), new Properties()).loadRaw(null, flags));
    }

    @Test
    void shouldReadTheDocumentedDefaults() {
        // Given no drift settings
        DriftConfig c = load(Map.of());

        // Then
        assertThat(c.segments()).isEmpty();
        assertThat(c.baselineName()).isNull();
        assertThat(c.window().size()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.window().advance()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.limits().psi()).isEqualTo(new DriftConfig.Limit(0.1, 0.25, 0.05));
        assertThat(c.limits().ks()).isEqualTo(new DriftConfig.Limit(0.1, 0.2, 0.05));
        assertThat(c.limits().wasserstein().warning()).isEqualTo(0.1);
        assertThat(c.limits().cusum().critical()).isInfinite();
        assertThat(c.tests().metrics())
                .containsExactlyInAnyOrder("PSI", "KS", "WASSERSTEIN", "CUSUM", "MMD");
        assertThat(c.tests().minSamples()).isEqualTo(250);
        assertThat(c.shape()).isEqualTo(new DriftConfig.Shape(50, 0, 100, 256, 32, 42));
        assertThat(c.hysteresis())
                .isEqualTo(new DriftConfig.Hysteresis(0.8, 3, 2, Duration.ofMinutes(15)));
    }

    @Test
    void shouldParseSegmentCombinationsSortedAndWithoutDuplicates() {
        // Given
        DriftConfig c = load(Map.of("drift.segments", "platform; region , platform;platform"));

        // Then
        assertThat(c.segments())
                .containsExactly(List.of("platform"), List.of("platform", "region"));
    }

    @Test
    void shouldApplyANamedOverrideToItsCanonicalSegmentKey() {
        // Given an override whose segment lists labels out of order
        DriftConfig c =
                load(
                        Map.of(
                                "drift.override.eu.segment", "region=eu,platform=android",
                                "drift.override.eu.psi.warning", "0.2",
                                "drift.override.eu.ks.alpha", "0.01"));

        // When
        DriftConfig.Limits eu = c.limitsFor("platform=android,region=eu");

        // Then the override changes only what it names
        assertThat(eu.psi()).isEqualTo(new DriftConfig.Limit(0.2, 0.25, 0.05));
        assertThat(eu.ks().alpha()).isEqualTo(0.01);
        assertThat(eu.wasserstein()).isEqualTo(c.limits().wasserstein());
        assertThat(c.limitsFor("platform=ios")).isEqualTo(c.limits());
    }

    @Test
    void shouldRejectBadSettingsWithOneLineMessages() {
        assertThatThrownBy(() -> load(Map.of("drift.metrics", "PSI,CHI2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CHI2");
        assertThatThrownBy(() -> load(Map.of("drift.override.x.psi.warnign", "0.2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("drift.override.x.psi.warnign");
        assertThatThrownBy(() -> load(Map.of("drift.override.x.psi.warning", "0.2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("drift.override.x.segment");
        assertThatThrownBy(() -> load(Map.of("drift.psi.warning", "0.3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("drift.psi.critical");
        assertThatThrownBy(() -> load(Map.of("drift.window.advance.ms", "600000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("advance");
    }
}
