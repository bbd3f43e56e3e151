package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.execution.BaselineResult;
import dev.confiture.execution.MigrateResult;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * baseline, and baseline-on-migrate.
 */
@ExtendWith(PostgresExtension.class)
class BaselineTest {

    @TempDir
    Path directory;

    @Test
    void baselineMarksMigrationsUpToTheVersionAsAppliedWithoutRunningThem(TestDatabase database) {
        MigrationDirectory files = existingSchemaWithThreeMigrations(database);

        BaselineResult baseline = files.confiture(database).baseline("002");
        MigrateResult migrate = files.confiture(database).migrate();

        assertThat(baseline.baselined()).containsExactly("001_users", "002_email");
        assertThat(migrate.applied()).extracting("slug").containsExactly("003_orders");
        assertThat(Sql.column(database, "SELECT version || ' ' || (execution_time_ms IS NULL) FROM tb_confiture "
                + "ORDER BY pk_confiture")).as("baselined rows did not run").containsExactly("001 true", "002 true", "003 false");
        assertThat(Sql.column(database, "SELECT kind || ' ' || version FROM tb_confiture_event WHERE kind = 'baseline' "
                + "ORDER BY pk_confiture_event")).containsExactly("baseline 001", "baseline 002");
    }

    @Test
    void baselineOfAnUnknownVersionIsRefusedListingTheKnownOnes(TestDatabase database) {
        MigrationDirectory files = existingSchemaWithThreeMigrations(database);

        assertThatThrownBy(() -> files.confiture(database).baseline("5"))
                .isInstanceOfSatisfying(ConfitureException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.UNKNOWN_VERSION))
                .hasMessageContaining("001, 002, 003");
        assertThat(Sql.tableExists(database, "tb_confiture")).isFalse();
    }

    @Test
    void baselineOnMigrateBaselinesASchemaThatAlreadyHasTables(TestDatabase database) {
        MigrationDirectory files = existingSchemaWithThreeMigrations(database);

        MigrateResult result = files.confiture(database, builder -> builder.baselineOnMigrate(true).baselineVersion("2"))
                .migrate();

        assertThat(result.baselined()).containsExactly("001_users", "002_email");
        assertThat(result.applied()).extracting("slug").containsExactly("003_orders");
    }

    @Test
    void baselineOnMigrateLeavesAnEmptySchemaToNormalMigration(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_users.up.sql", "CREATE TABLE tb_user (id int);");

        MigrateResult result = files.confiture(database, builder -> builder.baselineOnMigrate(true).baselineVersion("1"))
                .migrate();

        assertThat(result.baselined()).isEmpty();
        assertThat(result.applied()).extracting("slug").containsExactly("001_users");
    }

    @Test
    void baselineOnMigrateWithoutAVersionIsAConfigurationErrorNamingTheProperty(TestDatabase database) {
        assertThatThrownBy(() -> ConfitureConfiguration.builder().dataSource(database.dataSource())
                .baselineOnMigrate(true).build())
                .isInstanceOfSatisfying(ConfitureException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("ConfitureConfiguration.baselineVersion");
    }

    private MigrationDirectory existingSchemaWithThreeMigrations(TestDatabase database) {
        Sql.execute(database, "CREATE TABLE tb_user (id int, email text)");
        return new MigrationDirectory(directory)
                .write("001_users.up.sql", "CREATE TABLE tb_user (id int);")
                .write("002_email.up.sql", "ALTER TABLE tb_user ADD COLUMN email text;")
                .write("003_orders.up.sql", "CREATE TABLE tb_order (id int);");
    }
}
