package io.qualitymonitor.cli;

import io.qualitymonitor.config.Times;
import java.time.Instant;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Returns the instant of a time option ({@code --from}, {@code --to}) in the forms of {@link
 * Times}: every command that takes times accepts the same forms through this one converter. A wrong
 * form gives picocli's one-line usage error (exit code 2).
 */
public final class TimeConverter implements ITypeConverter<Instant> {
    /** What the option's help says the forms are. */
    public static final String FORMS = Times.FORMS;

    /** Refuses a range whose end is not after its start (either may be null: open). */
    static void requireOrder(Instant from, Instant to) {
        if (from != null && to != null && !to.isAfter(from)) {
            throw new UserException("--to must be after --from", ExitCodes.USAGE);
        }
    }

    @Override
    public Instant convert(String value) {
        try {
            return Times.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
