package io.qualitymonitor.serde;

import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.config.RegistryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Builds the TLS context for the registry from the configured truststore and keystore. */
final class RegistryTls {
    private RegistryTls() {}

    /**
     * Returns an SSL context trusting the configured truststore and presenting the configured
     * keystore, or null when neither is set (the JDK defaults then apply).
     */
    static SSLContext contextFor(RegistryConfig config) {
        if (config.truststoreLocation() == null && config.keystoreLocation() == null) {
            return null;
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(config), trustManagers(config), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("cannot set up TLS for the schema registry: " + e, e);
        }
    }

    private static TrustManager[] trustManagers(RegistryConfig config)
            throws GeneralSecurityException {
        if (config.truststoreLocation() == null) {
            return null; // the JDK's default trust
        }
        KeyStore store =
                load(
                        "registry.ssl.truststore.location",
                        config.truststoreLocation(),
                        config.truststorePassword());
        TrustManagerFactory factory =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyManager[] keyManagers(RegistryConfig config) throws GeneralSecurityException {
        if (config.keystoreLocation() == null) {
            return null; // no client certificate
        }
        KeyStore store =
                load(
                        "registry.ssl.keystore.location",
                        config.keystoreLocation(),
                        config.keystorePassword());
        KeyManagerFactory factory =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, chars(config.keystorePassword()));
        return factory.getKeyManagers();
    }

    private static KeyStore load(String key, String location, String password)
            throws GeneralSecurityException {
        Path path = Path.of(location);
        // getDefaultType() is PKCS12 on current JDKs; PKCS12 loading also reads JKS files.
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, chars(password));
            return store;
        } catch (IOException e) {
            throw new ConfigException(
                    "setting '" + key + "': cannot read key store " + path + ": " + e, e);
        }
    }

    private static char[] chars(String password) {
        return password == null ? null : password.toCharArray();
    }
}
