package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.schema.BuildResult;
import dev.confiture.schema.SchemaBuildException;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Build from DDL sends the schema's statements in batches (many per round trip) and the baseline's rows many per
 * round trip: what it promises must not depend on where a batch starts or ends.
 */
@ExtendWith(PostgresExtension.class)
class BuildBatchingTest {

    @TempDir
    Path directory;

    private MigrationDirectory oneMigration() {
        return new MigrationDirectory(directory.resolve("migration")).write("001_a.up.sql", "SELECT 'not run by build';");
    }

    private static String tables(String prefix, int from, int to) {
        StringBuilder sql = new StringBuilder();
        for (int i = from; i <= to; i++) {
            sql.append("CREATE TABLE ").append(prefix).append(i).append(" (x int);\n");
        }
        return sql.toString();
    }

    @Test
    void aStatementFailingInTheMiddleOfALaterBatchIsNamedExactlyAndNothingIsKept(TestDatabase database) {
        MigrationDirectory schema = new MigrationDirectory(directory.resolve("schema"))
                .write("1_tables.sql", tables("t_", 1, 79) + "CREATE VIEW v_80 AS SELECT nope FROM t_1;\n"
                        + tables("t_", 81, 100))
                .write("2_more.sql", tables("u_", 1, 3));

        assertThatThrownBy(() -> SchemaTrees.confiture(database, schema, oneMigration()).build())
                .isInstanceOfSatisfying(SchemaBuildException.class, ex -> {
                    assertThat(ex.location().source()).endsWith("1_tables.sql");
                    assertThat(ex.location().line()).isEqualTo(80);
                    assertThat(ex.location().column()).as("the server's position, mapped into the file").isEqualTo(28);
                    assertThat(ex.error().sqlState()).isEqualTo("42703");
                    assertThat(ex.completedStatements()).isEqualTo(79);
                    assertThat(ex.getMessage()).contains("Statement 80 of 1_tables.sql failed", "column \"nope\" does not exist");
                });
        assertThat(Sql.tableExists(database, "t_1")).as("the batches before it are rolled back too").isFalse();
        assertThat(Sql.tableExists(database, "t_79")).isFalse();
        assertThat(Sql.tableExists(database, "tb_confiture")).isFalse();
    }

    @Test
    void aSchemaFileRollingBackToItsOwnSavepointAcrossBatchesBuilds(TestDatabase database) {
        MigrationDirectory schema = new MigrationDirectory(directory.resolve("schema"))
                .write("1_tables.sql", tables("k_", 1, 59) + "SAVEPOINT before_drafts;\n" + tables("d_", 61, 69)
                        + "ROLLBACK TO SAVEPOINT before_drafts;\nCREATE TABLE after_drafts (x int);\n");

        BuildResult result = SchemaTrees.confiture(database, schema, oneMigration()).build();

        assertThat(result.statements()).isEqualTo(71);
        assertThat(Sql.tableExists(database, "k_1")).isTrue();
        assertThat(Sql.tableExists(database, "k_59")).isTrue();
        assertThat(Sql.tableExists(database, "d_61")).isFalse();
        assertThat(Sql.tableExists(database, "after_drafts")).isTrue();
    }

    @Test
    void functionBodiesWithSemicolonsRunAsOneStatementEachWithinABatch(TestDatabase database) {
        MigrationDirectory schema = new MigrationDirectory(directory.resolve("schema"))
                .write("1_functions.sql", String.join("\n",
                        "CREATE TABLE counter (n int, note text);",
                        "CREATE FUNCTION bump(step int) RETURNS int LANGUAGE SQL",
                        "BEGIN ATOMIC",
                        "  INSERT INTO counter VALUES (step, 'atomic; body');",
                        "  SELECT CASE WHEN step > 0 THEN step ELSE 0 END;",
                        "END;",
                        "CREATE FUNCTION quoted() RETURNS text LANGUAGE plpgsql AS $body$",
                        "BEGIN",
                        "  RETURN 'semi;colon ''quoted''';",
                        "END;",
                        "$body$;",
                        "/* a comment; with a semicolon */ CREATE TABLE after_functions (x int);",
                        "SELECT bump(2);",
                        "INSERT INTO counter VALUES (3, quoted())"));

        BuildResult result = SchemaTrees.confiture(database, schema, oneMigration()).build();

        assertThat(result.statements()).isEqualTo(6);
        assertThat(Sql.rows(database, "SELECT n, note FROM counter ORDER BY n")).containsExactly(
                List.of("2", "atomic; body"), List.of("3", "semi;colon 'quoted'"));
        assertThat(Sql.tableExists(database, "after_functions")).isTrue();
    }

    @Test
    void moreMigrationsThanOneMessageHoldsAreAllBaselinedInOrder(TestDatabase database) {
        MigrationDirectory migrations = new MigrationDirectory(directory.resolve("migration"));
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            String version = String.format(Locale.ROOT, "%03d", i);
            migrations.write(version + "_step.up.sql", "SELECT " + i + ";");
            expected.add(version + " baseline build 250");
        }
        MigrationDirectory schema = new MigrationDirectory(directory.resolve("schema")).write("1.sql", tables("t_", 1, 2));

        BuildResult result = SchemaTrees.confiture(database, schema, migrations).build();

        assertThat(result.baselined()).hasSize(250);
        assertThat(Sql.column(database, "SELECT version FROM tb_confiture ORDER BY pk_confiture"))
                .containsExactlyElementsOf(expected.stream().map(line -> line.substring(0, 3)).toList());
        assertThat(Sql.column(database, "SELECT version || ' ' || kind || ' ' || (details->>'source') || ' ' "
                + "|| (details->>'baseline_version') FROM tb_confiture_event ORDER BY pk_confiture_event"))
                .containsExactlyElementsOf(expected);
        assertThat(SchemaTrees.confiture(database, schema, migrations).status().summary().upToDate()).isTrue();
    }
}
