package io.qualitymonitor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.config.EmbeddedConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedRegistryIntegrationTest {

    private static HttpResponse<String> get(HttpClient http, String url)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeTheConfluentApiUntilClosed() throws Exception {
        // Given the distribution the build unpacked (-Dqm.embedded.registry.home)
        EmbeddedConfig config = ConfigLoader.fromProcess().load(null, Map.of()).embedded();

        try (HttpClient http = HttpClient.newHttpClient()) {
            // When the registry starts
            String url;
            long startedMs = System.currentTimeMillis();
            try (EmbeddedRegistry registry = EmbeddedRegistry.start(config)) {
                url = registry.url();
                System.out.printf(
                        "registry ready after %d ms at %s%n",
                        System.currentTimeMillis() - startedMs, url);

                // Then it answers the Confluent API on loopback, with no subjects yet
                assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/apis/ccompat/v7");
                HttpResponse<String> subjects = get(http, url + "/subjects");
                assertThat(subjects.statusCode()).isEqualTo(200);
                assertThat(subjects.body()).isEqualTo("[]");
                assertThat(registry.isAlive()).isTrue();
                assertThat(registry.logFile()).exists();
            }

            // And once closed, nothing listens there any more
            assertThatThrownBy(() -> get(http, url + "/subjects"))
                    .isInstanceOf(ConnectException.class);
        }
    }
}
