package io.qualitymonitor.scoring;

import io.qualitymonitor.config.ConfigLoader;
import java.util.Map;
import java.util.Properties;

/** Returns image preparers for tests: local files and URLs read with the built-in settings. */
public final class TestPreparers {
    private TestPreparers() {}

    /** Returns a preparer as the command line makes it, over the built-in fetch settings. */
    public static ImagePreparer commandLine() {
        var config = new ConfigLoader(Map.of(), new Properties()).load(null, Map.of());
        return ImagePreparer.forCommandLine(config.fetch(), config.memory());
    }
}
