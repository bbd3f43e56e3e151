package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.execution.ApprovalResult;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * approval=required migrations in environments that require approvals.
 */
@ExtendWith(PostgresExtension.class)
class ApprovalTest {

    private static final String RISKY = "-- confiture: risk=high, impact=breaking, approval=required\n"
            + "ALTER TABLE tb_account DROP COLUMN legacy_code;\n";

    @TempDir
    Path directory;

    @Test
    void inProductionARequiredApprovalIsRefusedWithoutAndAppliedWithIt(TestDatabase database) {
        MigrationDirectory files = accountMigrations();

        assertThatThrownBy(() -> production(files, database).migrate())
                .isInstanceOfSatisfying(ConfitureException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.APPROVAL_REQUIRED))
                .hasMessageContaining("'production'").hasMessageContaining("002_drop_legacy_code")
                .hasMessageContaining("approve").hasMessageContaining("Nothing was applied");
        assertThat(Sql.tableExists(database, "tb_account")).isFalse();
        assertThatThrownBy(() -> production(files, database).dryRun()).as("the dry run would execute it and take its locks")
                .isInstanceOfSatisfying(ConfitureException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.APPROVAL_REQUIRED))
                .hasMessageContaining("The dry run ran nothing");
        assertThat(production(files, database).status().migration("002").orElseThrow().approval()).isEqualTo("required");

        ApprovalResult approval = production(files, database).approve("002", "alice");

        assertThat(approval.approvedBy()).isEqualTo("alice");
        assertThat(production(files, database).status().migration("002").orElseThrow().approval()).isEqualTo("approved");
        assertThat(production(files, database).migrate().applied()).extracting("slug")
                .containsExactly("001_create_account", "002_drop_legacy_code");
        assertThat(Sql.scalar(database, "SELECT details->>'approved_by' || ' ' || (details->>'checksum' = '"
                + approval.checksum() + "') FROM tb_confiture_event WHERE kind = 'approval'")).isEqualTo("alice true");
    }

    @Test
    void anApprovalOfAnOlderVersionOfTheFileDoesNotCount(TestDatabase database) {
        MigrationDirectory files = accountMigrations();
        production(files, database).approve("002", "alice");
        files.write("002_drop_legacy_code.up.sql", RISKY + "ALTER TABLE tb_account DROP COLUMN other_code;\n");

        assertThatThrownBy(() -> production(files, database).migrate())
                .isInstanceOfSatisfying(ConfitureException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.APPROVAL_REQUIRED));
        assertThat(production(files, database).status().migration("002").orElseThrow().approval()).isEqualTo("required");

        production(files, database).approve("002", "bob");
        assertThat(production(files, database).migrate().appliedCount()).isEqualTo(2);
    }

    @Test
    void environmentsThatDoNotRequireApprovalsApplyWithoutOne(TestDatabase database) {
        MigrationDirectory files = accountMigrations();

        assertThat(files.confiture(database, builder -> builder.environment("staging")).migrate().appliedCount())
                .isEqualTo(2);
    }

    @Test
    void theEnvironmentsThatRequireApprovalsAreConfigurable(TestDatabase database) {
        MigrationDirectory files = accountMigrations();

        assertThatThrownBy(() -> files.confiture(database, builder -> builder.environment("staging")
                .approvalEnvironments(List.of("staging", "production"))).migrate())
                .isInstanceOfSatisfying(ConfitureException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.APPROVAL_REQUIRED));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "prod-eu|production", "Production |''", "PRODUCTION|''" })
    void theGateCannotBeBypassedByNamingTheEnvironmentDifferently(String environment, String alias, TestDatabase database) {
        MigrationDirectory files = accountMigrations();

        assertThatThrownBy(() -> files.confiture(database, builder -> builder.environment(environment)
                .environmentAliases(alias.isEmpty() ? List.of() : List.of(alias))).migrate())
                .isInstanceOfSatisfying(ConfitureException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.APPROVAL_REQUIRED))
                .hasMessageContaining(alias.isEmpty() ? "'" + environment + "'" : "(selected as '" + alias + "')");
        assertThat(Sql.tableExists(database, "tb_account")).isFalse();
    }

    @Test
    void approvingAnUnknownVersionIsRefused(TestDatabase database) {
        MigrationDirectory files = accountMigrations();

        assertThatThrownBy(() -> production(files, database).approve("9", "alice"))
                .isInstanceOfSatisfying(ConfitureException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.UNKNOWN_VERSION));
    }

    private MigrationDirectory accountMigrations() {
        return new MigrationDirectory(directory)
                .write("001_create_account.up.sql", "CREATE TABLE tb_account (id int, legacy_code text, other_code text);")
                .write("002_drop_legacy_code.up.sql", RISKY);
    }

    private static Confiture production(MigrationDirectory files, TestDatabase database) {
        return files.confiture(database, builder -> builder.environment("production"));
    }
}
