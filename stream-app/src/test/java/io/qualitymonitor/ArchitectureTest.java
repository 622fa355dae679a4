package io.qualitymonitor;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the package layout against the dependency table of {@code docs/architecture.md}: each
 * package uses only the project packages its row lists, every package has a row, "JDK only" means
 * exactly that; and no cycles, settings read only in {@code config}, exit only from the launcher.
 */
class ArchitectureTest {
    private static final String ROOT = "io.qualitymonitor";
    private static final Path DOC = Path.of("../docs/architecture.md");
    private static final Pattern ROW =
            Pattern.compile("^\\| `([a-z.]+)` \\|[^|]*\\| ([^|]+) \\|$", Pattern.MULTILINE);
    private static final Pattern NAME = Pattern.compile("`([a-z.]+)`");
    private static final String JDK_ONLY = "JDK only";

    private static JavaClasses classes;
    private static Map<String, String> table;

    @BeforeAll
    static void importClasses() throws IOException {
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(ROOT);
        table = new LinkedHashMap<>();
        Matcher m = ROW.matcher(Files.readString(DOC));
        while (m.find()) {
            table.put(m.group(1), m.group(2).strip());
        }
    }

    @Test
    void shouldDocumentEveryPackage() {
        Set<String> packages =
                classes.stream()
                        .map(JavaClass::getPackageName)
                        .filter(p -> p.startsWith(ROOT + ".") && !p.startsWith(ROOT + ".schemas"))
                        .map(p -> p.substring(ROOT.length() + 1))
                        .collect(Collectors.toCollection(TreeSet::new));
        assertThat(table.keySet()).containsExactlyInAnyOrderElementsOf(packages);
    }

    @Test
    void shouldUseOnlyThePackagesTheTableAllows() {
        for (Map.Entry<String, String> row : table.entrySet()) {
            List<String> allowed = new ArrayList<>(List.of(ROOT + "." + row.getKey()));
            Matcher names = NAME.matcher(row.getValue());
            while (names.find()) {
                allowed.add(ROOT + "." + names.group(1));
            }
            classes()
                    .that()
                    .resideInAPackage(ROOT + "." + row.getKey())
                    .should()
                    .onlyDependOnClassesThat(
                            not(resideInAPackage(ROOT + ".."))
                                    .or(resideInAnyPackage(allowed.toArray(String[]::new))))
                    .because("docs/architecture.md lists " + row.getValue())
                    .allowEmptyShould(true)
                    .check(classes);
            if (row.getValue().equals(JDK_ONLY)) {
                classes()
                        .that()
                        .resideInAPackage(ROOT + "." + row.getKey())
                        .should()
                        .onlyDependOnClassesThat()
                        .resideInAnyPackage("java..", ROOT + "." + row.getKey())
                        .check(classes);
            }
        }
    }

    @Test
    void shouldHaveNoCyclesBetweenPackages() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void shouldReadEnvironmentOnlyInConfig() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".config..")
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
                .doNotHaveFullyQualifiedName(ROOT + ".cli.Main")
                .should()
                .callMethod(System.class, "exit", int.class)
                .check(classes);
    }
}
