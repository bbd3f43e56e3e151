package dev.confiture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The structure of core, checked on its byte code: packages without cycles, the vocabulary below everything, the
 * configuration below the operations, the facade on top, no Spring. A change that breaks one of these fails the build
 * with the classes and the dependency at fault.
 */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.confiture");

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

    @Test
    void theFacadeIsOnTop() {
        noClasses().that().resideOutsideOfPackages("dev.confiture", "dev.confiture.tenant..").should()
                .dependOnClassesThat().belongToAnyOf(Confiture.class).check(CORE);
    }
}
