package io.qualitymonitor.tools.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the subset of OpenCV's FileStorage YAML ({@code %YAML:1.0}) that an {@code ml::SVM} model
 * and an {@code !!opencv-matrix} node use: scalar keys and flow lists of numbers, looked up by key.
 *
 * <p>No library on Maven Central reads OpenCV FileStorage, and a YAML 1.2 parser rejects the {@code
 * %YAML:1.0} directive and {@code { epsilon:1e-3 }}-style flow maps without pre-processing; the two
 * files this project reads need only the lookups below.
 */
final class OpenCvYaml {

    private final String text;
    private final String source;

    OpenCvYaml(String text, String source) {
        if (!text.startsWith("%YAML")) {
            throw new BaselineException(source + " is not an OpenCV YAML file (no %YAML header)");
        }
        this.text = text;
        this.source = source;
    }

    /** Returns the scalar after the first {@code key:} at or after {@code from}. */
    String scalar(String key, int from) {
        Matcher m = keyPattern(key).matcher(text);
        if (!m.find(from)) {
            throw new BaselineException(source + ": key '" + key + "' not found");
        }
        int end = text.indexOf('\n', m.end());
        return text.substring(m.end(), end < 0 ? text.length() : end).strip();
    }

    /** Returns the numeric scalar after the first {@code key:}. */
    double number(String key) {
        return parse(scalar(key, 0));
    }

    /** Returns the offset just after the first {@code key:}, or -1 when absent. */
    int position(String key) {
        Matcher m = keyPattern(key).matcher(text);
        return m.find() ? m.end() : -1;
    }

    /** Returns the numbers of all flow lists {@code [ ... ]} in {@code [from, to)}. */
    double[] numbersBetween(int from, int to) {
        List<Double> values = new ArrayList<>();
        int i = from;
        while (true) {
            int open = text.indexOf('[', i);
            if (open < 0 || open >= to) {
                break;
            }
            int close = text.indexOf(']', open);
            if (close < 0) {
                throw new BaselineException(source + ": unclosed list at offset " + open);
            }
            for (String cell : text.substring(open + 1, close).split(",")) {
                if (!cell.isBlank()) {
                    values.add(parse(cell.strip()));
                }
            }
            i = close + 1;
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Returns the numbers of the flow list that follows the first {@code key:}. */
    double[] list(String key) {
        int start = position(key);
        if (start < 0) {
            throw new BaselineException(source + ": key '" + key + "' not found");
        }
        int close = text.indexOf(']', start);
        return numbersBetween(start, close + 1);
    }

    int length() {
        return text.length();
    }

    private double parse(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new BaselineException(source + ": not a number '" + value + "'", e);
        }
    }

    private static Pattern keyPattern(String key) {
        return Pattern.compile("(?m)^[ \\t-]*" + Pattern.quote(key) + ":[ \\t]*");
    }
}
