package io.qualitymonitor.tools.baseline;

import java.util.List;

/** Creates the classic baselines by the names the command line uses. */
public final class Baselines {

    /** The names {@link #create} accepts. */
    public static final List<String> NAMES = List.of("brisque", "niqe");

    private Baselines() {}

    /** Returns true when {@code name} (any case) names a classic baseline. */
    public static boolean isBaseline(String name) {
        return NAMES.contains(name.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Returns the baseline with its shipped parameters.
     *
     * @throws BaselineException when the name is unknown
     */
    public static BaselineScorer create(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "brisque" -> new Brisque(BrisqueModel.loadDefault());
            case "niqe" -> new Niqe(NiqeModel.loadDefault());
            default ->
                    throw new BaselineException(
                            "unknown baseline '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }
}
