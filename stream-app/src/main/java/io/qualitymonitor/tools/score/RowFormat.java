package io.qualitymonitor.tools.score;

/** Returns the output formats of scored rows. */
public enum RowFormat {
    /** Aligned columns for people. */
    TABLE,
    /** Comma-separated values; columns start {@code file,score}. */
    CSV,
    /** A JSON array, one object per input. */
    JSON;

    /** Returns the format named {@code name} in any case; throws naming the choices. */
    public static RowFormat parse(String name) {
        for (RowFormat f : values()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "--format must be table, csv or json, got '" + name + "'");
    }
}
