package dev.confiture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
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

    /**
     * Package-private is the default: a top-level type of core is public only when another package of core uses it,
     * or when it is part of the API the CLI, the starter and users program against without core itself naming it
     * elsewhere (listed here, so that making a type public is a decision someone wrote down).
     */
    @Test
    void aCoreTypeIsPublicOnlyWhenAnotherPackageNeedsIt() {
        Set<String> apiForOtherModules = Set.of(
                // results and their parts, which the facade returns and the CLI and the starter render
                "dev.confiture.dryrun.DryRunMigration", "dev.confiture.dryrun.DryRunOutcome", "dev.confiture.dryrun.HeldLock",
                "dev.confiture.execution.RevertedMigration", "dev.confiture.schema.SchemaError",
                "dev.confiture.schema.drift.Difference", "dev.confiture.schema.drift.DifferenceKind",
                "dev.confiture.schema.drift.DriftSummary", "dev.confiture.schema.drift.ObjectType",
                "dev.confiture.schema.lint.LintFinding", "dev.confiture.status.RepeatableStatus",
                "dev.confiture.status.LiveBuild",
                "dev.confiture.safety.Finding", "dev.confiture.safety.LockMode", "dev.confiture.safety.SafetyRule",
                // exceptions users catch
                "dev.confiture.execution.RevertFailedException", "dev.confiture.schema.SchemaBuildException",
                // the machine-readable formats the CLI and the actuator endpoint write
                "dev.confiture.status.StatusJson", "dev.confiture.schema.drift.DriftJson",
                // what the CLI offers beside the facade: durations in flags, migration ids, new files
                "dev.confiture.migration.Durations", "dev.confiture.migration.MigrationIds",
                "dev.confiture.migration.MigrationScaffold",
                // tenants: a facade of its own above Confiture, used by the starter and the CLI
                "dev.confiture.tenant.TenantMigrations", "dev.confiture.tenant.TenantSettings",
                "dev.confiture.tenant.TenantResult", "dev.confiture.tenant.TenantRunResult",
                "dev.confiture.tenant.TenantOutcome", "dev.confiture.tenant.TenantSummary",
                "dev.confiture.tenant.DatabaseMigrations",
                // the fleet view: a reader of the central log beside the facade, for the CLI and for services
                "dev.confiture.fleet.CentralLog", "dev.confiture.fleet.FleetReport", "dev.confiture.fleet.FleetJson",
                "dev.confiture.fleet.FleetDatabase", "dev.confiture.fleet.FleetEvent", "dev.confiture.fleet.FleetMigration",
                "dev.confiture.fleet.FleetState",
                // handed between packages without being named there (the journal commits what the table makes)
                "dev.confiture.tracking.TrackingChange",
                // used by lint and drift through a constant, which the compiler inlines (no dependency in byte code)
                "dev.confiture.schema.DatabaseContents");
        List<String> needlesslyPublic = CORE.stream()
                .filter(type -> type.isTopLevelClass() && type.getModifiers().contains(JavaModifier.PUBLIC))
                .filter(type -> !type.getSimpleName().equals("package-info"))
                .filter(type -> type.getDirectDependenciesToSelf().stream()
                        .noneMatch(dependency -> !dependency.getOriginClass().getPackageName().equals(type.getPackageName())))
                .map(JavaClass::getName).filter(name -> !apiForOtherModules.contains(name)).sorted().toList();
        assertThat(needlesslyPublic).as("public types no other package of core uses: make them package-private, or "
                + "list them as API for the other modules").isEmpty();
    }

    /**
     * String concatenation is compiled to plain calls ({@code -XDstringConcat=inline} in the parent pom): linking an
     * {@code invokedynamic} concatenation spins method-handle classes on its first use, which a cold service start pays
     * on the path of {@code migrate()}.
     */
    @Test
    void noClassLinksStringConcatenationAtRunTime() throws IOException {
        byte[] factory = "java/lang/invoke/StringConcatFactory".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.walk(Path.of("target/classes"))) {
            List<String> linking = files.filter(file -> file.toString().endsWith(".class")).filter(file -> {
                try {
                    return contains(Files.readAllBytes(file), factory);
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }).map(Path::toString).toList();
            assertThat(linking).as("classes compiled without -XDstringConcat=inline").isEmpty();
        }
    }

    private static boolean contains(byte[] bytes, byte[] part) {
        outer: for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void theFacadeIsOnTop() {
        noClasses().that().resideOutsideOfPackages("dev.confiture", "dev.confiture.tenant..").should()
                .dependOnClassesThat().belongToAnyOf(Confiture.class).check(CORE);
    }
}
