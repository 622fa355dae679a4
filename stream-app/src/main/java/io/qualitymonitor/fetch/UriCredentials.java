package io.qualitymonitor.fetch;

import java.util.regex.Pattern;

/**
 * Removes the {@code user:password@} part of every URI in a text, so that logs, dead letters and
 * scores never repeat the credentials an upload carried.
 */
public final class UriCredentials {
    // scheme "://" then user info up to the last '@' before the host ends (no '/', '?', '#',
    // space).
    private static final Pattern USER_INFO =
            Pattern.compile("(?i)\\b([a-z][a-z0-9+.\\-]*://)[^/?#\\s@]*@");

    private UriCredentials() {}

    /** Returns {@code text} with user info removed from each URI in it; null stays null. */
    public static String strip(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        return USER_INFO.matcher(text).replaceAll("$1");
    }
}
