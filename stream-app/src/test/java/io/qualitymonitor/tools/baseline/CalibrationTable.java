package io.qualitymonitor.tools.baseline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one metric's row of pyiqa's {@code results_official.csv} (image name to score). */
final class CalibrationTable {

    private CalibrationTable() {}

    static Map<String, Double> row(Path csv, String metric) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            if (cells[0].equals(metric)) {
                Map<String, Double> out = new LinkedHashMap<>();
                for (int i = 1; i < cells.length; i++) {
                    out.put(header[i].strip(), Double.parseDouble(cells[i].strip()));
                }
                return out;
            }
        }
        throw new IllegalStateException("no row '" + metric + "' in " + csv);
    }
}
