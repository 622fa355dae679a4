package io.qualitymonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AlertPolicyTest {

    private static AlertPolicy policy(Map<String, String> settings) {
        AppConfig c = new ConfigLoader(Map.of(), new Properties()).load(null, settings);
        return new AlertPolicy(c.alerts());
    }

    @Test
    void shouldUseTheGlobalThresholdWhenNoOverrideMatches() {
        // Given a global threshold of 40 and an override for android
        AlertPolicy p =
                policy(Map.of("alerts.threshold", "40", "alerts.threshold.platform.android", "25"));

        // When an iOS upload is checked
        AlertPolicy.Threshold t = p.thresholdFor(Map.of("platform", "ios"));

        // Then the global threshold applies
        assertThat(t).isEqualTo(new AlertPolicy.Threshold(40, "global"));
        assertThat(p.crossed(39.9, Map.of("platform", "ios"))).isPresent();
        assertThat(p.crossed(40.0, Map.of("platform", "ios"))).isEmpty();
    }

    @Test
    void shouldApplyTheSegmentOverride() {
        // Given an override that relaxes android uploads to 25
        AlertPolicy p =
                policy(Map.of("alerts.threshold", "40", "alerts.threshold.platform.android", "25"));

        // When an android upload scoring 30 is checked
        // Then no alert: 30 is above android's threshold although below the global one
        assertThat(p.crossed(30, Map.of("platform", "android"))).isEmpty();
        assertThat(p.crossed(20, Map.of("platform", "android")))
                .contains(new AlertPolicy.Threshold(25, "platform=android"));
    }

    @Test
    void shouldPickTheStrictestWhenSeveralOverridesMatch() {
        // Given two overrides that both match one upload
        AlertPolicy p =
                policy(
                        Map.of(
                                "alerts.threshold.platform.android", "25",
                                "alerts.threshold.region.eu", "50"));

        // When / Then the higher one wins
        assertThat(p.thresholdFor(Map.of("platform", "android", "region", "eu")))
                .isEqualTo(new AlertPolicy.Threshold(50, "region=eu"));
    }
}
