package io.qualitymonitor.cli;

import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.config.OneLine;
import io.qualitymonitor.tools.bundle.BundleInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * Returns what {@code --version} prints: the project version the Maven build wrote into {@value
 * #RESOURCE}, and the name and version of the default model bundle ({@code model.dir}).
 */
public final class VersionProvider implements IVersionProvider {
    static final String RESOURCE = "/quality-monitor-version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"quality-monitor " + projectVersion(), "model " + defaultBundle()};
    }

    /** Returns the version of the build, e.g. {@code 0.1.0-SNAPSHOT}. */
    static String projectVersion() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown (" + RESOURCE + " is missing from the build)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String defaultBundle() {
        try {
            Path dir = ConfigLoader.fromProcess().load(null, Map.of()).model().dir();
            return BundleInfo.nameAndVersion(dir) + " (" + dir + ")";
        } catch (ConfigException e) {
            return "unavailable: " + OneLine.of(e);
        }
    }
}
