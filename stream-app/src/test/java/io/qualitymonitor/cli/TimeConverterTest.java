package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;

class TimeConverterTest {

    @ParameterizedTest
    @CsvSource({
        "2026-12-07, 2026-12-07T00:00:00Z",
        "2026-12-07T10:15:30Z, 2026-12-07T10:15:30Z",
        "2026-12-07T10:15Z, 2026-12-07T10:15:00Z",
        "2026-12-07T12:15:30+02:00, 2026-12-07T10:15:30Z",
        "2026-12-07T10:15:30.123456Z, 2026-12-07T10:15:30.123Z",
        "1765102530123, 2025-12-07T10:15:30.123Z"
    })
    void shouldReadEveryDocumentedFormAsAnInstant(String text, String expected) {
        assertThat(new TimeConverter().convert(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-13-01", "2026-12-07T10:15:30", "1733568000"})
    void shouldRefuseOtherFormsNamingTheAcceptedOnes(String text) {
        assertThatThrownBy(() -> new TimeConverter().convert(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("is not a time")
                .hasMessageContaining("2026-11-01T10:00:00Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"replay", "drift baseline --name b", "drift report --out r"})
    void shouldGiveEveryCommandThatTakesTimesTheSameForms(String command) {
        // Given each command with a date and an instant with an offset
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("--from", "2026-12-07", "--to", "2026-12-08T01:00:00+01:00"));

        // When the root command parses them
        ParseResult parsed =
                new CommandLine(new QualityMonitorCommand()).parseArgs(args.toArray(String[]::new));
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }

        // Then both are the instants they name
        assertThat((Instant) parsed.matchedOptionValue("--from", null))
                .isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
        assertThat((Instant) parsed.matchedOptionValue("--to", null))
                .isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "drift baseline --name b --from yesterday --to 2026-12-08|is not a time",
                "drift report --out r --from 2026-12-08 --to 2026-12-07|--to must be after --from",
                "drift baseline --name b --from 2026-12-08 --to 2026-12-08|--to must be after"
            })
    void shouldRefuseABadTimeOrRangeInOneLineWithTheUsageExitCode(String args, String message) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                QualityMonitorCommand.run(
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        args.split(" "));
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(message).hasLineCount(1);
    }
}
