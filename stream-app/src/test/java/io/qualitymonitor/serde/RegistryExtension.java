package io.qualitymonitor.serde;

import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.config.RegistryConfig;
import io.qualitymonitor.embedded.SharedStack;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Hands out client settings pointing at the real Schema Registry of the run-wide {@link
 * SharedStack} (started once per test run, shared by all integration tests).
 */
final class RegistryExtension implements BeforeAllCallback {
    private String url;

    @Override
    public void beforeAll(ExtensionContext context) {
        url = SharedStack.stack(context).registryUrl();
    }

    /** Returns the registry settings, loaded as the app loads them, aimed at this registry. */
    RegistryConfig config(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(overrides);
        all.put("registry.url", url);
        return ConfigLoader.fromProcess().load(null, all).registry();
    }

    /** Returns a new client with the default settings. */
    SchemaRegistryClient newClient() {
        return new SchemaRegistryClient(config(Map.of()));
    }
}
