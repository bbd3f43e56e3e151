package dev.confiture.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The CLI is a client of core's public API: it turns flags into a configuration and results into text, and never
 * reaches into the engine's machinery (the SQL lexer, the lock, the JDBC helpers), so that the engine can change
 * behind the facade. Checked on the byte code.
 */
class ArchitectureTest {

    private static final JavaClasses CLI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.confiture.cli");

    @Test
    void theCliUsesOnlyCoresPublicApi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.confiture.sql..", "dev.confiture.lock..",
                "dev.confiture.jdbc..").check(CLI);
    }
}
