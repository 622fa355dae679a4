package io.qualitymonitor.tools.evaluate;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Subjective labels read from a CSV file with a header: an image column ({@code image}, {@code
 * file} or {@code filename}: the path relative to the images folder), a label column ({@code mos},
 * {@code dmos} or {@code label}), optionally a group column ({@code group}, {@code distortion} or
 * {@code type}) and optionally a {@code weight} column (a positive weight per row for {@code fit},
 * e.g. to let one pristine row per photo weigh as much as a level of all distortions). Other
 * columns are ignored; blank lines and {@code #} lines are skipped.
 *
 * @param images the image path of each row
 * @param values the label of each row
 * @param groups the group of each row, or null when the file has no group column
 * @param weights the weight of each row, or null when the file has no weight column
 */
public record Labels(List<String> images, double[] values, String[] groups, double[] weights) {

    private static final List<String> IMAGE = List.of("image", "file", "filename");
    private static final List<String> LABEL = List.of("mos", "dmos", "label");
    private static final List<String> GROUP = List.of("group", "distortion", "type");
    private static final List<String> WEIGHT = List.of("weight");

    /** Returns the number of labelled images. */
    public int size() {
        return images.size();
    }

    /** Returns true when rows carry a group. */
    public boolean hasGroups() {
        return groups != null;
    }

    /**
     * Reads a labels file.
     *
     * @throws EvaluationException when the file is missing, lacks a column, or holds a bad value
     */
    public static Labels read(Path csv) {
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = nextLine(reader);
            if (header == null) {
                throw new EvaluationException("labels file " + csv + " is empty");
            }
            List<String> columns =
                    Arrays.stream(header.split(",", -1))
                            .map(c -> c.strip().toLowerCase(Locale.ROOT))
                            .toList();
            int image = column(columns, IMAGE, csv, true);
            int label = column(columns, LABEL, csv, true);
            int group = column(columns, GROUP, csv, false);
            int weight = column(columns, WEIGHT, csv, false);
            return rows(reader, csv, new int[] {image, label, group, weight});
        } catch (NoSuchFileException e) {
            throw new EvaluationException("labels file not found: " + csv, e);
        } catch (IOException e) {
            throw new EvaluationException(
                    "cannot read labels file " + csv + ": " + e.getMessage(), e);
        }
    }

    /** Reads the rows; {@code col} holds the image, label, group and weight columns (-1: none). */
    private static Labels rows(BufferedReader reader, Path csv, int[] col) throws IOException {
        int image = col[0];
        int label = col[1];
        int group = col[2];
        int weight = col[3];
        List<String> images = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        int width = Arrays.stream(col).max().orElse(0) + 1;
        int lineNo = 1;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length < width) {
                throw new EvaluationException(
                        csv + " line " + lineNo + ": expected at least " + width + " columns");
            }
            images.add(cells[image].strip());
            values.add(number(cells[label].strip(), "label", csv, lineNo));
            if (group >= 0) {
                groups.add(cells[group].strip());
            }
            if (weight >= 0) {
                double w = number(cells[weight].strip(), "weight", csv, lineNo);
                if (!(w > 0)) {
                    throw new EvaluationException(
                            csv
                                    + " line "
                                    + lineNo
                                    + ": weight '"
                                    + cells[weight].strip()
                                    + "' must be positive");
                }
                weights.add(w);
            }
        }
        if (images.isEmpty()) {
            throw new EvaluationException("labels file " + csv + " has no rows");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        return new Labels(
                List.copyOf(images),
                v,
                group >= 0 ? groups.toArray(String[]::new) : null,
                weight >= 0 ? weights.stream().mapToDouble(Double::doubleValue).toArray() : null);
    }

    private static int column(
            List<String> columns, List<String> names, Path csv, boolean required) {
        for (String name : names) {
            int i = columns.indexOf(name);
            if (i >= 0) {
                return i;
            }
        }
        if (required) {
            throw new EvaluationException(
                    "labels file "
                            + csv
                            + " needs a column named one of "
                            + String.join(", ", names));
        }
        return -1;
    }

    private static double number(String cell, String what, Path csv, int lineNo) {
        try {
            double v = Double.parseDouble(cell);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with the line number
        }
        throw new EvaluationException(
                csv + " line " + lineNo + ": " + what + " '" + cell + "' is not a number");
    }

    private static String nextLine(BufferedReader reader) throws IOException {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (!line.isBlank() && !line.startsWith("#")) {
                return line;
            }
        }
        return null;
    }
}
