package dev.confiture.spring.boot.autoconfigure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The starter wires core into Spring and holds no migration logic: it uses core's public API only (never the
 * engine's SQL lexer, lock, JDBC helpers or executors) and never runs SQL itself. Checked on the byte code.
 */
class ArchitectureTest {

    private static final JavaClasses STARTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.confiture.spring");

    @Test
    void theStarterUsesOnlyCoresPublicApi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.confiture.sql..", "dev.confiture.lock..",
                "dev.confiture.jdbc..", "dev.confiture.execution..").check(STARTER);
    }

    @Test
    void theStarterRunsNoSql() {
        noClasses().should().dependOnClassesThat().belongToAnyOf(Statement.class, PreparedStatement.class,
                ResultSet.class).check(STARTER);
    }
}
