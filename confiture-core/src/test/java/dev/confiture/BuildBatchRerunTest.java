package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch of build from DDL that fails is run again statement by statement, so whatever a rollback does not undo
 * ({@code nextval}) happens twice: nothing that is sure to fail in a batch, such as a SQL-standard function body
 * ({@code BEGIN ATOMIC}, after which the driver no longer splits a message's text into its queries), may be batched.
 */
@ExtendWith(PostgresExtension.class)
class BuildBatchRerunTest {

    @TempDir
    Path directory;

    @Test
    void statementsAroundAnAtomicFunctionBodyRunOnce(TestDatabase database) {
        StringBuilder sql = new StringBuilder("CREATE SEQUENCE seq;\n");
        for (int i = 2; i <= 64; i++) {
            sql.append("CREATE TABLE t_").append(i).append(" (x int);\n");
        }
        sql.append("SELECT nextval('seq');\n");
        sql.append("CREATE FUNCTION one() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\n");
        sql.append("CREATE TABLE after_atomic (x int);\n");
        MigrationDirectory schema = new MigrationDirectory(directory.resolve("schema")).write("1.sql", sql.toString());
        MigrationDirectory migrations = new MigrationDirectory(directory.resolve("migration")).write("001_a.up.sql",
                "SELECT 1;");

        SchemaTrees.confiture(database, schema, migrations).build();

        assertThat(Sql.scalar(database, "SELECT last_value FROM seq")).as("nextval ran once").isEqualTo("1");
        assertThat(Sql.scalar(database, "SELECT one()")).isEqualTo("1");
        assertThat(Sql.tableExists(database, "after_atomic")).isTrue();
    }
}
