package io.qualitymonitor.tools.baseline;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared data folder ({@code ../shared/data} beside the clone) that the calibration
 * tests read; Surefire passes it as {@code qmtest.shared.dir}. Tests skip when it is absent.
 */
final class SharedData {

    private SharedData() {}

    /**
     * Returns {@code <qmtest.shared.dir>/data/<relative>}, skipping the test when it does not
     * exist.
     */
    static Path require(String relative) {
        String dir = System.getProperty("qmtest.shared.dir");
        assumeTrue(dir != null && !dir.isBlank(), "qmtest.shared.dir is not set");
        Path path = Path.of(dir, "data").resolve(relative);
        assumeTrue(Files.exists(path), "shared data not found: " + path);
        return path;
    }
}
