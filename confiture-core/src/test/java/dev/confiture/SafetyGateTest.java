package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.config.SafetyGate;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safety gate: in the approval environments (or wherever it is set) migrate refuses, before anything runs, a
 * pending migration whose zero-downtime analysis finds what the gate stops on, unless its file allows the rule.
 */
@ExtendWith(PostgresExtension.class)
class SafetyGateTest {

    @TempDir
    Path directory;

    private MigrationDirectory applied(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_t.up.sql", "CREATE TABLE t (id int PRIMARY KEY, a int, v text);");
        files.confiture(database).migrate();
        return files;
    }

    @Test
    void inAnApprovalEnvironmentAnErrorFindingStopsMigrateBeforeAnythingRuns(TestDatabase database) {
        MigrationDirectory files = applied(database)
                .write("002_index.up.sql", "ALTER TABLE t ADD COLUMN b int;\nCREATE INDEX i_a ON t (a);");

        assertThatExceptionOfType(ConfitureException.class)
                .isThrownBy(() -> files.confiture(database, builder -> builder.environment("production")).migrate())
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.UNSAFE_MIGRATION);
                    assertThat(error.getMessage()).contains("[index-not-concurrent]", "Statement 2",
                            "fix: create the index CONCURRENTLY", "Nothing ran");
                    assertThat(error.location()).isNotNull();
                    assertThat(error.location().line()).isEqualTo(2);
                    assertThat(error.hint()).contains("allow=RULE-ID", "ConfitureConfiguration.safetyFailOn");
                });
        assertThat(Sql.column(database, "SELECT column_name FROM information_schema.columns WHERE table_name = 't'"))
                .as("nothing ran, not even the statement before").doesNotContain("b");

        assertThat(files.confiture(database).migrate().appliedCount()).as("elsewhere the default gate is never")
                .isEqualTo(1);
    }

    @Test
    void aFileAllowsTheRuleItBreaksOnPurposeAndWarningAlsoStopsOnNotes(TestDatabase database) {
        MigrationDirectory files = applied(database)
                .write("002_index.up.sql", "-- confiture: allow=index-not-concurrent\nCREATE INDEX i_a ON t (a);")
                .write("003_rename.up.sql", "ALTER TABLE t RENAME COLUMN v TO w;");

        assertThatExceptionOfType(ConfitureException.class).isThrownBy(() -> files.confiture(database,
                builder -> builder.safetyFailOn(SafetyGate.WARNING)).migrate())
                .satisfies(error -> assertThat(error.getMessage()).contains("[rename]").doesNotContain("index-not-concurrent"));
        assertThat(files.confiture(database, builder -> builder.environment("production")).migrate().appliedCount())
                .as("error level: the allowed index and the rename note pass").isEqualTo(2);
    }

    @Test
    void aRiskLowFileThatRewritesATableIsNamedInThePlan(TestDatabase database) {
        MigrationDirectory files = applied(database)
                .write("002_type.up.sql", "-- confiture: risk=low\nALTER TABLE t ALTER COLUMN a TYPE bigint;");

        assertThat(files.confiture(database).plan().findings()).extracting(finding -> finding.rule().id())
                .containsExactly("alter-column-type", "risk-understated");
    }
}
