package io.qualitymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EffectiveSettingsTest {
    @Test
    void shouldHideSecretsAndShowEverythingElse() {
        // Given
        Map<String, String> settings =
                Map.of(
                        "kafka.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required"
                                + " username=\"u\" password=\"p4ss\";",
                        "kafka.ssl.truststore.password",
                        "trust-me",
                        "registry.basic.auth.user.info",
                        "alice:s3cret",
                        "kafka.sasl.oauthbearer.client.credentials.client.secret",
                        "oauth-secret",
                        "kafka.ssl.keystore.key",
                        "-----BEGIN PRIVATE KEY-----",
                        "kafka.bootstrap.servers",
                        "broker-1:9093",
                        "kafka.ssl.keystore.location",
                        "/etc/kafka/keystore.p12");

        // When
        String text = EffectiveSettings.describe(settings);

        // Then
        assertThat(text)
                .doesNotContain("p4ss", "trust-me", "s3cret", "oauth-secret", "PRIVATE KEY")
                .contains("kafka.bootstrap.servers=broker-1:9093")
                .contains("kafka.ssl.keystore.location=/etc/kafka/keystore.p12")
                .contains("kafka.sasl.jaas.config=" + EffectiveSettings.MASK);
        assertThat(text.lines()).hasSize(settings.size());
    }

    @Test
    void shouldHideCredentialsInsideUrls() {
        // When
        String shown =
                EffectiveSettings.masked("registry.url", "https://bob:hunter2@registry:8081/api");

        // Then
        assertThat(shown).isEqualTo("https://" + EffectiveSettings.MASK + "@registry:8081/api");
    }

    @Test
    void shouldLeaveEmptySecretsEmpty() {
        assertThat(EffectiveSettings.masked("registry.ssl.keystore.password", "")).isEmpty();
    }
}
