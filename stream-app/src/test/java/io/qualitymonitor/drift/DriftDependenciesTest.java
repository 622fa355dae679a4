package io.qualitymonitor.drift;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class DriftDependenciesTest {

    @Test
    void shouldDependOnlyOnConfigTheJdkAndCommonsMath() {
        // Given the production classes of the drift package
        JavaClasses drift =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.qualitymonitor.drift");

        // When / Then no Kafka, Avro or other project package is used
        classes()
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "io.qualitymonitor.drift..",
                        "io.qualitymonitor.config..",
                        "java..",
                        "org.apache.commons.math3..")
                .check(drift);
    }
}
