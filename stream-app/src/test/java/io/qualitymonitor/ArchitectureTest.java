package io.qualitymonitor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the package layout: dependencies point one way, config is read in one place. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.qualitymonitor");
    }

    @Test
    void shouldKeepDependenciesPointingOneWay() {
        Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("cli")
                .definedBy("io.qualitymonitor.cli..")
                .layer("app")
                .definedBy("io.qualitymonitor.app..")
                .layer("stream")
                .definedBy("io.qualitymonitor.stream..", "io.qualitymonitor.replay..")
                .layer("model")
                .definedBy("io.qualitymonitor.model..", "io.qualitymonitor.evaluate..")
                .layer("leaf")
                .definedBy(
                        "io.qualitymonitor.image..",
                        "io.qualitymonitor.fetch..",
                        "io.qualitymonitor.batch..",
                        "io.qualitymonitor.drift..",
                        "io.qualitymonitor.serde..",
                        "io.qualitymonitor.embedded..",
                        "io.qualitymonitor.metrics..")
                .layer("config")
                .definedBy("io.qualitymonitor.config..")
                .whereLayer("cli")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("app")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("stream")
                .mayOnlyBeAccessedByLayers("app", "cli")
                .whereLayer("model")
                .mayOnlyBeAccessedByLayers("stream", "app", "cli")
                .whereLayer("leaf")
                .mayOnlyBeAccessedByLayers("model", "stream", "app", "cli")
                .check(classes);
    }

    @Test
    void shouldHaveNoCyclesBetweenPackages() {
        slices().matching("io.qualitymonitor.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void shouldReadEnvironmentOnlyInConfig() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.qualitymonitor.config..")
                .should()
                .callMethod(System.class, "getenv")
                .orShould()
                .callMethod(System.class, "getenv", String.class)
                .orShould()
                .callMethod(System.class, "getProperty", String.class)
                .orShould()
                .callMethod(System.class, "getProperty", String.class, String.class)
                .check(classes);
    }

    @Test
    void shouldExitOnlyFromTheLauncher() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("io.qualitymonitor.cli.Main")
                .should()
                .callMethod(System.class, "exit", int.class)
                .check(classes);
    }

    @Test
    void shouldKeepLeafPackagesIndependentOfEachOther() {
        List<String> leaves = List.of("image", "fetch", "batch", "drift", "serde", "embedded");
        for (String leaf : leaves) {
            String[] others =
                    leaves.stream()
                            .filter(o -> !o.equals(leaf))
                            .map(o -> "io.qualitymonitor." + o + "..")
                            .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage("io.qualitymonitor." + leaf + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }
}
