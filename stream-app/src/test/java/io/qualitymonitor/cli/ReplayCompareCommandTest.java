package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayCompareCommandTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--run-id a|give two --run-id, or --live and one --run-id",
                "--live|give two --run-id, or --live and one --run-id",
                "--run-id a --run-id b --live|give two --run-id, or --live and one --run-id",
                "--run-id a --run-id a|the two sides are the same run",
                "--run-id a --run-id b --examples -1|--examples must be >= 0"
            })
    void shouldRefuseSidesThatDoNotMakeAPairInOneLineBeforeReadingAnything(
            String args, String message) {
        // Given options that do not name exactly two different sides (no broker is running)
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = ("replay compare " + args).split(" ");

        // When
        int code =
                QualityMonitorCommand.run(
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        all);

        // Then the usage exit code and one line saying what is wrong
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(message).hasLineCount(1);
    }
}
