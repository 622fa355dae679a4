package io.qualitymonitor.app;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Returns the effective settings as text for the start-up log, with secrets masked: passwords, JAAS
 * configurations, basic-auth user info, tokens, keys and credentials in URLs.
 */
final class EffectiveSettings {
    static final String MASK = "[hidden]";

    private static final List<String> SECRET_MARKERS =
            List.of(
                    "password",
                    "secret",
                    "jaas.config",
                    "user.info",
                    "token",
                    "credentials",
                    "request.header.");
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(?<=://)[^/@\\s]+@");

    private EffectiveSettings() {}

    /** Returns true when the value of {@code key} must not appear in logs. */
    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_MARKERS.stream().anyMatch(k::contains) || k.endsWith(".key");
    }

    /** Returns the value to log for {@code key}: masked when secret or when it holds URL creds. */
    static String masked(String key, String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (isSecret(key)) {
            return MASK;
        }
        return URL_CREDENTIALS.matcher(value).replaceAll(MASK + "@");
    }

    /** Returns one {@code key=value} line per setting, sorted by key, secrets masked. */
    static String describe(Map<String, String> settings) {
        return new TreeMap<>(settings)
                .entrySet().stream()
                        .map(e -> "  " + e.getKey() + "=" + masked(e.getKey(), e.getValue()))
                        .collect(Collectors.joining("\n"));
    }
}
