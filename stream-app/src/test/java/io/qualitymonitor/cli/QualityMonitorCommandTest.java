package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.qualitymonitor.app.StartupException;
import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.model.ModelException;
import io.qualitymonitor.model.ModelRuntimeException;
import io.qualitymonitor.serde.RegistryException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QualityMonitorCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return QualityMonitorCommand.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldListTheCommandsInHelp() {
        // When
        int code = run("--help");

        // Then
        assertThat(code).isZero();
        assertThat(stdout()).contains("Commands:").contains("demo");
    }

    @Test
    void shouldRejectAWrongOptionWithOneLineAndExitCodeTwo() {
        // When
        int code = run("demo", "--no-such-option");

        // Then
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr().strip().lines()).hasSize(1);
        assertThat(stderr()).contains("--no-such-option").doesNotContain("Exception");
    }

    @Test
    void shouldRejectAnUnknownCommand() {
        assertThat(run("frobnicate")).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr().strip().lines()).hasSize(1);
    }

    @Test
    void shouldReportAMissingConfigFileInOneLineWithExitCodeThree() {
        // When the demo is pointed at a config file that does not exist
        int code = run("demo", "--config", "/no/such/file.properties", "--uploads", "1");

        // Then it stops before starting anything, with one line and no stack trace
        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(stderr().strip())
                .isEqualTo("error: config file not found: /no/such/file.properties");
    }

    @Test
    void shouldReportABadSettingInOneLine() {
        // When a setting has a malformed value
        int code = run("demo", "--set", "batch.max.size=lots", "--uploads", "1");

        // Then the key is named
        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(stderr().strip())
                .isEqualTo("error: setting 'batch.max.size' must be an integer, got 'lots'");
    }

    @Test
    void shouldRefuseAMisspeltSettingInOneLineWithExitCodeThree() {
        // When a flag names a setting that does not exist
        int code = run("score", "--set", "fetch.allow.host=127.0.0.1", "samples/kodim01.jpg");

        // Then it stops before scoring, naming the setting meant
        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(stderr().strip())
                .isEqualTo(
                        "error: unknown setting fetch.allow.host; did you mean fetch.allow.hosts?");
    }

    @Test
    void shouldRejectNegativeUploadCount() {
        assertThat(run("demo", "--uploads", "-3")).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr().strip().lines()).hasSize(1);
    }

    @Test
    void shouldExitWithTheConfigCodeForAMissingInputBeforeLoadingTheModel() {
        // When an image that does not exist is named
        int code = run("score", "nope.jpg");

        // Then one line names it and the code is the one for a missing file
        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(stderr().strip()).isEqualTo("error: no such file or folder: nope.jpg");
    }

    @Test
    void shouldPrintTheBuildVersionAndTheDefaultBundleVersion() throws Exception {
        // Given the version of the shipped bundle
        String bundle =
                new ObjectMapper()
                        .readTree(Path.of("../models/default/bundle.json").toFile())
                        .get("version")
                        .asText();

        // When
        int code = run("--version");

        // Then the project version from the build and the bundle's name and version are printed
        assertThat(code).isZero();
        assertThat(stdout().lines().toList())
                .hasSize(2)
                .first()
                .asString()
                .matches("quality-monitor \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(stdout()).contains("model qm-default " + bundle).doesNotContain("dev");
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new UserException("wrong", ExitCodes.USAGE), ExitCodes.USAGE),
                Arguments.of(new ConfigException("bad setting"), ExitCodes.CONFIG),
                Arguments.of(new NoSuchFileException("labels.csv"), ExitCodes.CONFIG),
                Arguments.of(new ModelException("model bundle not found: x"), ExitCodes.CONFIG),
                Arguments.of(
                        new ModelRuntimeException("lowlevel.pt failed on a batch", null),
                        ExitCodes.RUNTIME),
                Arguments.of(new StartupException("cannot reach Kafka"), ExitCodes.RUNTIME),
                Arguments.of(
                        new RegistryException(500, 50001, "registry error"), ExitCodes.RUNTIME),
                Arguments.of(new KafkaException("broker gone"), ExitCodes.RUNTIME),
                Arguments.of(new InterruptedException(), ExitCodes.INTERRUPTED));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void shouldMapEachKindOfFailureToItsDocumentedExitCode(Throwable failure, int code) {
        assertThat(ExitCodes.of(failure)).isEqualTo(code);
    }
}
