package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.MigrationFailedException;
import dev.confiture.execution.MigrateResult;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An index a CREATE INDEX CONCURRENTLY left INVALID is found from the catalog, whatever the statement's form
 * (schema-qualified, quoted, unnamed), and dropped, so a rerun builds exactly one valid index.
 */
@ExtendWith(PostgresExtension.class)
class InvalidIndexTest {

    private static final String TABLE = "CREATE SCHEMA s;\nCREATE TABLE s.t (a int);\nINSERT INTO s.t VALUES (1), (1);\n";

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = { "CREATE UNIQUE INDEX CONCURRENTLY i ON s.t (a)",
        "CREATE UNIQUE INDEX CONCURRENTLY \"Odd \"\"Index\" ON s.t (a)", "CREATE UNIQUE INDEX CONCURRENTLY ON s.t (a)",
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON s.t USING btree (a)" })
    void aFailedBuildLeavesNoInvalidIndexAndTheRerunBuildsOne(String statement, TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_table.up.sql", TABLE)
                .write("002_index.up.sql", statement + ";\n");

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                    assertThat(failure.failure().sqlState()).isEqualTo("23505");
                    assertThat(failure.hint()).contains("The INVALID index s.", "left behind was dropped");
                });
        assertThat(invalidIndexes(database)).isEqualTo("0");

        Sql.execute(database, "DELETE FROM s.t WHERE ctid <> (SELECT min(ctid) FROM s.t)");
        assertThat(files.confiture(database).migrate().applied()).extracting("slug").containsExactly("002_index");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM pg_index WHERE indrelid = 's.t'::regclass AND indisvalid"))
                .isEqualTo("1");
        assertThat(invalidIndexes(database)).isEqualTo("0");
    }

    @Test
    void anInterruptedBuildOfAnUnnamedIndexIsDroppedBeforeTheResumedAttemptBuildsIt(TestDatabase database)
            throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_table.up.sql", "CREATE SCHEMA s;\nCREATE TABLE s.t (a int);\n"
                        + "INSERT INTO s.t SELECT generate_series(1, 8);\n"
                        + "CREATE FUNCTION s.slow(x int) RETURNS int IMMUTABLE LANGUAGE plpgsql AS "
                        + "$$ BEGIN PERFORM pg_sleep(0.15); RETURN x; END $$;\n")
                .write("002_index.up.sql", "CREATE INDEX CONCURRENTLY ON s.t (s.slow(a));\n");
        files.confiture(database, builder -> builder.target("001")).migrate();

        CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(() -> files.confiture(database).migrate());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!"1".equals(invalidIndexes(database)) && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        Sql.scalar(database, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                + "WHERE query LIKE 'CREATE INDEX CONCURRENTLY%' AND pid <> pg_backend_pid()");
        assertThatThrownBy(run::join).cause().isInstanceOf(MigrationFailedException.class);
        assertThat(invalidIndexes(database)).as("the terminated build left its index INVALID").isEqualTo("1");

        assertThat(files.confiture(database).migrate().applied()).extracting("slug").containsExactly("002_index");
        assertThat(Sql.column(database, "SELECT c.relname || ' ' || i.indisvalid FROM pg_index i "
                + "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 's.t'::regclass"))
                .containsExactly("t_slow_idx true");
    }

    @Test
    void ifNotExistsSkippingAnInvalidIndexIsAnErrorNamingIt(TestDatabase database) {
        Sql.execute(database, "CREATE TABLE t (a int); INSERT INTO t VALUES (1), (1)");
        assertThatThrownBy(() -> Sql.execute(database, "CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)"));
        Sql.execute(database, "DELETE FROM t WHERE ctid <> (SELECT min(ctid) FROM t)");
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_index.up.sql", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a);\n");

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                    assertThat(failure.getMessage()).contains("a relation of that name exists, and public.i is INVALID");
                    assertThat(failure.hint()).contains("DROP INDEX CONCURRENTLY public.i;");
                });
        Sql.execute(database, "DROP INDEX CONCURRENTLY public.i");
        assertThat(files.confiture(database).migrate().appliedCount()).isEqualTo(1);
        assertThat(invalidIndexes(database)).isEqualTo("0");
    }

    private static String invalidIndexes(TestDatabase database) {
        return Sql.scalar(database, "SELECT count(*) FROM pg_index WHERE NOT indisvalid");
    }
}
