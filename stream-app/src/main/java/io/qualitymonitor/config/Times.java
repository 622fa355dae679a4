package io.qualitymonitor.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Reads a time written by a user: the one set of forms that time options ({@code --from}, {@code
 * --to}) and upload lists ({@code event_time}) accept.
 *
 * <p>Forms: a date {@code 2026-11-01} (its start, UTC), an ISO-8601 instant {@code
 * 2026-11-01T10:00:00Z}, a date and time with an offset {@code 2026-11-01T12:00:00+02:00}, or epoch
 * milliseconds {@code 1765102530000} (12 digits or more: ten digits are epoch seconds, a common
 * mistake, and are refused); fractions of a second are cut to milliseconds, Kafka's resolution.
 */
public final class Times {
    /** The forms, for help texts and error messages. */
    public static final String FORMS =
            "2026-11-01 (UTC), 2026-11-01T10:00:00Z, ...T12:00:00+02:00 or epoch milliseconds";

    private Times() {}

    /**
     * Returns the instant {@code text} names.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Instant parse(String text) {
        String v = text.strip();
        try {
            Instant t;
            if (v.length() >= 12 && v.chars().allMatch(Character::isDigit)) {
                t = Instant.ofEpochMilli(Long.parseLong(v));
            } else if (v.length() == 10) {
                t = LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else {
                t = OffsetDateTime.parse(v).toInstant();
            }
            return t.truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: use " + FORMS, e);
        }
    }
}
