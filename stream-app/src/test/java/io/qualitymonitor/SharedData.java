package io.qualitymonitor;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared data folder ({@code ../shared/data} beside the clone) that the calibration
 * tests read; Surefire passes it as {@code qmtest.shared.dir}. Tests skip when it is absent (fail
 * where {@code QMTEST_REQUIRE} names {@code shared-data}: {@link TestRequirements}).
 */
public final class SharedData {

    private SharedData() {}

    /**
     * Returns {@code <qmtest.shared.dir>/data/<relative>}, skipping (or failing) the test when it
     * does not exist.
     */
    public static Path require(String relative) {
        String dir = System.getProperty("qmtest.shared.dir");
        Path path = dir == null || dir.isBlank() ? null : Path.of(dir, "data").resolve(relative);
        TestRequirements.check(
                TestRequirements.SHARED_DATA,
                path == null
                        ? "needs the shared data: qmtest.shared.dir is not set"
                        : Files.exists(path) ? null : "needs the shared data: " + path);
        return path;
    }
}
