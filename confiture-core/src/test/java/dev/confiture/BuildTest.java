package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.execution.MigrateResult;
import dev.confiture.schema.BuildResult;
import dev.confiture.schema.SchemaBuildException;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Build from DDL: a fresh database from db/schema in one transaction, then a baseline of every migration.
 */
@ExtendWith(PostgresExtension.class)
class BuildTest {

    @TempDir
    Path directory;

    private MigrationDirectory threeMigrations() {
        return new MigrationDirectory(directory.resolve("migration"))
                .write("001_entities.up.sql", "SELECT 'not run by build';")
                .write("002_more.up.sql", "SELECT 'not run by build';")
                .write("003_views.up.sql", "SELECT 'not run by build';");
    }

    @Test
    void twoHundredTableSchemaBuildsAndEveryMigrationIsBaselined(TestDatabase database) {
        MigrationDirectory schema = SchemaTrees.trinitySchema(directory.resolve("schema"), 200);
        MigrationDirectory migrations = threeMigrations();
        Confiture confiture = SchemaTrees.confiture(database, schema, migrations);

        BuildResult result = confiture.build();

        assertThat(Sql.scalar(database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
                + "AND tablename LIKE 'tb\\_entity\\_%'")).isEqualTo("200");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM pg_views WHERE schemaname = 'public'")).isEqualTo("2");
        assertThat(result.files()).hasSize(202);
        assertThat(result.files().get(0)).endsWith("00_extensions/1_pgcrypto.sql");
        assertThat(result.files().get(2)).endsWith("10_tables/2_tb_entity_2.sql");
        assertThat(result.files().get(11)).endsWith("10_tables/11_tb_entity_11.sql");
        assertThat(result.statements()).isEqualTo(1 + 200 + 199 + 2);
        assertThat(result.baselineVersion()).isEqualTo("003");
        assertThat(result.baselined()).containsExactly("001_entities", "002_more", "003_views");
        assertThat(Sql.column(database, "SELECT version || ' ' || (execution_time_ms IS NULL) FROM tb_confiture "
                + "ORDER BY pk_confiture")).containsExactly("001 true", "002 true", "003 true");
        assertThat(Sql.column(database, "SELECT kind || ' ' || version || ' ' || (details->>'source') || ' ' "
                + "|| (details->>'baseline_version') FROM tb_confiture_event ORDER BY pk_confiture_event"))
                .containsExactly("baseline 001 build 003", "baseline 002 build 003", "baseline 003 build 003");
        MigrateResult migrate = SchemaTrees.confiture(database, schema, migrations).migrate();
        assertThat(migrate.applied()).isEmpty();
        assertThat(confiture.status().summary().upToDate()).isTrue();
    }

    @Test
    void aMigrationAddedAfterTheBuildIsAppliedByMigrate(TestDatabase database) {
        MigrationDirectory schema = new MigrationDirectory(directory.resolve("schema"))
                .write("tables.sql", "CREATE TABLE tb_a (pk_a BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY);");
        MigrationDirectory migrations = new MigrationDirectory(directory.resolve("migration"))
                .write("001_a.up.sql", "CREATE TABLE tb_a (pk_a BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY);");
        SchemaTrees.confiture(database, schema, migrations).build();
        migrations.write("002_b.up.sql", "ALTER TABLE tb_a ADD COLUMN b text;");

        MigrateResult migrate = SchemaTrees.confiture(database, schema, migrations).migrate();

        assertThat(migrate.applied()).extracting("slug").containsExactly("002_b");
    }

    @Test
    void withoutMigrationsTheSchemaIsBuiltAndNothingIsBaselined(TestDatabase database) {
        MigrationDirectory schema = new MigrationDirectory(directory.resolve("schema"))
                .write("1.sql", "BEGIN;\nCREATE TABLE a (x int);\nCOMMIT;\n")
                .write("2.sql", "-- comments only\n");

        BuildResult result = SchemaTrees.confiture(database, schema, new MigrationDirectory(directory.resolve("none"))).build();

        assertThat(result.baselined()).isEmpty();
        assertThat(result.baselineVersion()).isNull();
        assertThat(result.statements()).as("the file's own BEGIN and COMMIT are left out").isEqualTo(1);
        assertThat(Sql.tableExists(database, "a")).isTrue();
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("0");
    }

    @Test
    void aDatabaseWithTablesIsRefusedAndLeftAsItWas(TestDatabase database) {
        Sql.execute(database, "CREATE TABLE existing (x int)");
        MigrationDirectory schema = SchemaTrees.trinitySchema(directory.resolve("schema"), 2);

        assertThatThrownBy(() -> SchemaTrees.confiture(database, schema, threeMigrations()).build())
                .isInstanceOfSatisfying(ConfitureException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.SCHEMA_NOT_EMPTY);
                    assertThat(ex.getMessage()).contains("public.existing", "Nothing was changed");
                });
        assertThat(Sql.tableExists(database, "tb_entity_1")).isFalse();
        assertThat(Sql.tableExists(database, "tb_confiture")).isFalse();
    }

    @Test
    void aDatabaseWithAppliedMigrationsIsRefused(TestDatabase database) {
        MigrationDirectory migrations = threeMigrations();
        MigrationDirectory schema = SchemaTrees.trinitySchema(directory.resolve("schema"), 2);
        SchemaTrees.confiture(database, schema, migrations).migrate();

        assertThatThrownBy(() -> SchemaTrees.confiture(database, schema, migrations).build())
                .isInstanceOfSatisfying(ConfitureException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.SCHEMA_NOT_EMPTY);
                    assertThat(ex.getMessage()).contains("3 applied migration(s)", "003_views");
                });
        assertThat(Sql.tableExists(database, "tb_entity_1")).isFalse();
    }

    @Test
    void aFailingStatementNamesFileLineColumnAndSqlStateAndRollsEverythingBack(TestDatabase database) {
        MigrationDirectory schema = new MigrationDirectory(directory.resolve("schema"))
                .write("10_tables/1_a.sql", "CREATE TABLE a (x int);\n")
                .write("10_tables/2_b.sql", String.join("\n",
                        "-- b depends on a",
                        "CREATE TABLE b (x int);",
                        "",
                        "CREATE TABLE c (",
                        "    y int REFERENCES missing (x)",
                        ");",
                        ""));

        assertThatThrownBy(() -> SchemaTrees.confiture(database, schema, threeMigrations()).build())
                .isInstanceOfSatisfying(SchemaBuildException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.SCHEMA_BUILD_FAILED);
                    assertThat(ex.location()).isNotNull();
                    assertThat(ex.location().source()).endsWith("10_tables/2_b.sql");
                    assertThat(ex.location().line()).isEqualTo(4);
                    assertThat(ex.error().sqlState()).isEqualTo("42P01");
                    assertThat(ex.error().statement()).isEqualTo("CREATE TABLE c ( …");
                    assertThat(ex.completedStatements()).isEqualTo(2);
                    assertThat(ex.getMessage()).contains("2_b.sql, line 4", "relation \"missing\" does not exist",
                            "Nothing was applied");
                });
        assertThat(Sql.tableExists(database, "a")).isFalse();
        assertThat(Sql.tableExists(database, "b")).isFalse();
        assertThat(Sql.tableExists(database, "tb_confiture")).isFalse();
    }

    @Test
    void aSyntaxErrorPointsAtTheColumn(TestDatabase database) {
        MigrationDirectory schema = new MigrationDirectory(directory.resolve("schema"))
                .write("a.sql", "CREATE TABLE a (\n    x int,, y int\n);\n");

        assertThatThrownBy(() -> SchemaTrees.confiture(database, schema, threeMigrations()).build())
                .isInstanceOfSatisfying(SchemaBuildException.class, ex -> {
                    assertThat(ex.location().line()).isEqualTo(2);
                    assertThat(ex.location().column()).isEqualTo(11);
                    assertThat(ex.error().sqlState()).isEqualTo("42601");
                });
    }

    @Test
    void createIndexConcurrentlyInASchemaFileIsRefusedNamingFileAndLine(TestDatabase database) {
        MigrationDirectory schema = new MigrationDirectory(directory.resolve("schema"))
                .write("1_tables.sql", "CREATE TABLE a (x int);\n")
                .write("2_indexes.sql", "\n\nCREATE INDEX CONCURRENTLY a_x ON a (x);\n");

        assertThatThrownBy(() -> SchemaTrees.confiture(database, schema, threeMigrations()).build())
                .isInstanceOfSatisfying(ConfitureException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT);
                    assertThat(ex.location()).isNotNull();
                    assertThat(ex.location().source()).endsWith("2_indexes.sql");
                    assertThat(ex.location().line()).isEqualTo(3);
                    assertThat(ex.getMessage()).contains("CONCURRENTLY", "one transaction");
                });
        assertThat(Sql.tableExists(database, "a")).isFalse();
    }

    @Test
    void noSchemaFilesIsAnError(TestDatabase database) {
        MigrationDirectory schema = new MigrationDirectory(directory.resolve("schema")).write("notes.txt", "no SQL here");

        assertThatThrownBy(() -> SchemaTrees.confiture(database, schema, threeMigrations()).build())
                .isInstanceOfSatisfying(ConfitureException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.NO_SCHEMA_FILES))
                .hasMessageContaining("db/schema");
    }

    @Test
    void badMigrationsAreRefusedBeforeAnythingIsBuilt(TestDatabase database) {
        MigrationDirectory schema = SchemaTrees.trinitySchema(directory.resolve("schema"), 1);
        MigrationDirectory migrations = threeMigrations().write("004-bad.up.sql", "SELECT 1;");

        assertThatThrownBy(() -> SchemaTrees.confiture(database, schema, migrations).build())
                .isInstanceOfSatisfying(ConfitureException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_MIGRATION_NAME));
        assertThat(Sql.tableExists(database, "tb_entity_1")).isFalse();
    }
}
