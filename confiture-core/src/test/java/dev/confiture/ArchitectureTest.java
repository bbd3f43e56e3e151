package dev.confiture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The structure of core, checked on its byte code: packages without cycles, the vocabulary below everything, the
 * configuration below the operations, the facade on top, no Spring. A change that breaks one of these fails the build
 * with the classes and the dependency at fault.
 */
class ArchitectureTest {

    // core's own classes only: the test support on the test class path (dev.confiture.testing..) is not core
    private static final JavaClasses CORE = new ClassFileImporter().importPath(Path.of("target/classes"));

    @Test
    void packagesFormNoCycles() {
        slices().matching("dev.confiture.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void coreHasNoSpring() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(CORE);
    }

    @Test
    void theVocabularyDependsOnNothingElseOfConfiture() {
        noClasses().that().resideInAPackage("dev.confiture.api..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.confiture", "dev.confiture.config..", "dev.confiture.execution..",
                        "dev.confiture.migration..", "dev.confiture.tracking..", "dev.confiture.lock..",
                        "dev.confiture.sql..", "dev.confiture.jdbc..", "dev.confiture.schema..", "dev.confiture.state..",
                        "dev.confiture.status..", "dev.confiture.dryrun..", "dev.confiture.tenant..")
                .check(CORE);
    }

    @Test
    void theConfigurationIsBelowEveryOperation() {
        noClasses().that().resideInAPackage("dev.confiture.config..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.confiture", "dev.confiture.execution..", "dev.confiture.lock..",
                        "dev.confiture.schema..", "dev.confiture.state..", "dev.confiture.status..",
                        "dev.confiture.dryrun..", "dev.confiture.tenant..")
                .check(CORE);
    }

    /**
     * One naming convention for test classes in every module: {@code *Test} (surefire) or {@code *IT} (failsafe). A
     * class with tests named otherwise would silently never run. Fixture classes that another test runs on purpose
     * are listed here by name.
     */
    @Test
    void everyTestClassOfTheRepositoryIsNamedSoThatItRuns() throws IOException {
        Set<String> fixtures = Set.of("BrokenSchemaClass.java");
        Path repository = Path.of("..").toAbsolutePath().normalize();
        List<String> misnamed;
        try (Stream<Path> files = Files.walk(repository)) {
            misnamed = files.filter(file -> file.toString().replace('\\', '/').contains("/src/test/java/")
                    && file.toString().endsWith(".java") && !file.toString().contains("/target/"))
                    .filter(file -> !file.getFileName().toString().matches(".*(Test|IT)\\.java")
                            && !fixtures.contains(file.getFileName().toString()))
                    .filter(ArchitectureTest::declaresTests)
                    .map(file -> repository.relativize(file).toString()).sorted().toList();
        }
        assertThat(misnamed).as("test classes that surefire and failsafe would not run: name them *Test or *IT")
                .isEmpty();
        assertThat(repository.resolve("confiture-cli/src/test/java")).as("the repository was found").isDirectory();
    }

    private static boolean declaresTests(Path file) {
        try {
            return Files.readString(file).matches("(?s).*@(?:[\\w.]+\\.)?(Test|ParameterizedTest|RepeatedTest|TestFactory)\\b.*");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Test
    void theFacadeIsOnTop() {
        noClasses().that().resideOutsideOfPackages("dev.confiture", "dev.confiture.tenant..").should()
                .dependOnClassesThat().belongToAnyOf(Confiture.class).check(CORE);
    }
}
