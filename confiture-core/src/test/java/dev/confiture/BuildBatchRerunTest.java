package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.schema.SchemaBuildException;
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

    /**
     * A build whose batch is cancelled (pg_cancel_backend, as an operator stops it) fails: the batch is not run again
     * statement by statement, which would ignore the cancel and build anyway.
     */
    @Test
    void aCancelledBatchIsNotRunAgain(TestDatabase database) throws Exception {
        StringBuilder sql = new StringBuilder("CREATE SEQUENCE seq;\n");
        for (int i = 2; i <= 64; i++) {
            sql.append("CREATE TABLE t_").append(i).append(" (x int);\n");
        }
        sql.append("SELECT nextval('seq');\nCREATE TABLE slow AS SELECT 1 AS x FROM pg_sleep(3);\n");
        MigrationDirectory schema = new MigrationDirectory(directory.resolve("schema")).write("1.sql", sql.toString());
        MigrationDirectory migrations = new MigrationDirectory(directory.resolve("migration")).write("001_a.up.sql",
                "SELECT 1;");
        Thread canceller = new Thread(() -> {
            for (int i = 0; i < 200; i++) {
                String cancelled = Sql.scalar(database, "SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity "
                        + "WHERE query LIKE '%pg_sleep(3)%' AND pid <> pg_backend_pid() AND wait_event = 'PgSleep'");
                if (!"0".equals(cancelled)) {
                    return;
                }
                try {
                    Thread.sleep(20);
                }
                catch (InterruptedException ex) {
                    return;
                }
            }
        });
        canceller.start();
        try {
            assertThatThrownBy(() -> SchemaTrees.confiture(database, schema, migrations)
                    .build()).isInstanceOfSatisfying(SchemaBuildException.class, ex -> assertThat(
                            ex.getMessage()).contains("user request").doesNotContain("Fix the statement"));
        }
        finally {
            canceller.join();
        }
        assertThat(Sql.tableExists(database, "slow")).isFalse();
    }
}
