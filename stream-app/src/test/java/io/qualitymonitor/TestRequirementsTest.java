package io.qualitymonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class TestRequirementsTest {
    @Test
    void shouldLetTheTestRunWhenTheRequirementIsMet() {
        assertThatCode(() -> TestRequirements.check("python", null, Set.of("python")))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldSkipWithTheReasonWhenNothingRequiresIt() {
        assertThatThrownBy(() -> TestRequirements.check("python", "needs torch", Set.of()))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("needs torch");
    }

    @Test
    void shouldFailInsteadOfSkippingWhereTheRequirementIsRequired() {
        assertThatThrownBy(
                        () ->
                                TestRequirements.check(
                                        "python", "needs torch", Set.of("python", "shared-data")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("needs torch")
                .hasMessageContaining("QMTEST_REQUIRE requires python");
    }

    @Test
    void shouldReadACommaSeparatedRequirementList() {
        assertThat(TestRequirements.required(" Python, shared-data ,"))
                .containsOnly("python", "shared-data");
        assertThat(TestRequirements.required(null)).isEmpty();
    }

    @Test
    void shouldSayInOneLineThatAnInterpreterIsMissing() {
        String reason = PythonCondition.probe(Path.of("/no/such/python3"), List.of("torch"));
        assertThat(reason)
                .contains("needs /no/such/python3 with torch")
                .endsWith("/no/such/python3 not found")
                .doesNotContain("\n");
    }

    @Test
    void shouldSayInOneLineWhichModuleDoesNotImport() {
        // Given the test Python (present or not), asked for a module that exists nowhere
        String reason =
                PythonCondition.probe(
                        TestRequirements.python(), List.of("qm_no_such_module_anywhere"));
        // Then the reason is one line: the missing module, or the missing interpreter
        assertThat(reason).isNotEmpty().doesNotContain("\n");
        assertThat(reason).containsAnyOf("qm_no_such_module_anywhere'", "not found");
    }
}
