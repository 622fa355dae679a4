package io.qualitymonitor.serde;

import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.config.RegistryConfig;
import io.qualitymonitor.embedded.EmbeddedRegistry;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one real Schema Registry (Apicurio, child process) per test class and hands out client
 * settings pointing at it; the one place integration tests start a registry.
 */
final class RegistryExtension implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedRegistry registry;

    @Override
    public void beforeAll(ExtensionContext context) {
        registry =
                EmbeddedRegistry.start(ConfigLoader.fromProcess().load(null, Map.of()).embedded());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (registry != null) {
            registry.close();
        }
    }

    /** Returns the registry settings, loaded as the app loads them, aimed at this registry. */
    RegistryConfig config(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(overrides);
        all.put("registry.url", registry.url());
        return ConfigLoader.fromProcess().load(null, all).registry();
    }

    /** Returns a new client with the default settings. */
    SchemaRegistryClient newClient() {
        return new SchemaRegistryClient(config(Map.of()));
    }
}
