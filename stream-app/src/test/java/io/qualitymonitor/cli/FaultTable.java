package io.qualitymonitor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes the rows of the reliability suite's table of faults, one Markdown row per scenario, to
 * {@code target/reliability/faults.md}; {@code .ci/update-reliability-doc} puts the table into
 * {@code docs/reliability.md}.
 */
final class FaultTable {
    static final Path FILE = Path.of("target", "reliability", "faults.md");
    private static final String HEADER =
            "| fault | load | uploads | lost | duplicated | fencings (WARN / ERROR) |"
                    + " recovery: kill -9 to ready (RUNNING, model warm), median (max) | result |\n"
                    + "|---|---|---|---|---|---|---|---|\n";

    private FaultTable() {}

    /** Appends one row (starting the file with its header when the file is new). */
    static synchronized void add(List<String> cells) throws IOException {
        Files.createDirectories(FILE.getParent());
        if (!Files.exists(FILE)) {
            Files.writeString(FILE, HEADER);
        }
        Files.writeString(
                FILE, "| " + String.join(" | ", cells) + " |\n", StandardOpenOption.APPEND);
    }
}
