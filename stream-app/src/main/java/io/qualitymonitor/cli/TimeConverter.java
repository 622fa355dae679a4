package io.qualitymonitor.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Returns the instant of a time option ({@code --from}, {@code --to}): every command that takes
 * times accepts the same forms through this one converter.
 *
 * <p>Forms: a date {@code 2026-11-01} (its start, UTC), an ISO-8601 instant {@code
 * 2026-11-01T10:00:00Z}, or a date and time with an offset {@code 2026-11-01T12:00:00+02:00};
 * fractions of a second are cut to milliseconds, Kafka's resolution. A wrong form gives picocli's
 * one-line usage error (exit code 2).
 */
public final class TimeConverter implements ITypeConverter<Instant> {
    /** What the option's help says the forms are. */
    public static final String FORMS =
            "2026-11-01 (UTC), 2026-11-01T10:00:00Z or ...T12:00:00+02:00";

    /** Refuses a range whose end is not after its start (either may be null: open). */
    static void requireOrder(Instant from, Instant to) {
        if (from != null && to != null && !to.isAfter(from)) {
            throw new UserException("--to must be after --from", ExitCodes.USAGE);
        }
    }

    @Override
    public Instant convert(String value) {
        String v = value.strip();
        try {
            Instant t =
                    v.length() == 10
                            ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
                            : OffsetDateTime.parse(v).toInstant();
            return t.truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not a time: use " + FORMS);
        }
    }
}
