package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.execution.MigrateResult;
import dev.confiture.execution.MigrationFailedException;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * pg_terminate_backend of the sessions a migration uses, mid-run.
 */
@ExtendWith(PostgresExtension.class)
class LostConnectionTest {

    @TempDir
    Path directory;

    @Test
    void terminatingTheMigratingSessionGivesACleanErrorAnEventAndARerunSucceeds(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_table.up.sql", "CREATE TABLE t (x int);")
                .write("002_slow.up.sql", "INSERT INTO t VALUES (1);\nSELECT pg_sleep(1.5);\nINSERT INTO t VALUES (2);");

        CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(() -> files.confiture(database).migrate());
        terminate(database, "pg_sleep(1.5)");

        assertThatThrownBy(run::join).hasCauseInstanceOf(MigrationFailedException.class).cause()
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                    assertThat(failure.failure().slug()).isEqualTo("002_slow");
                    assertThat(failure.failure().sqlState()).isEqualTo("57P01");
                    assertThat(failure.getCause()).isInstanceOf(java.sql.SQLException.class);
                    assertThat(failure.getMessage()).contains("terminating connection", "connection to the database was lost",
                            "Nothing of 002_slow was applied");
                });
        assertThat(Sql.scalar(database, "SELECT count(*) FROM t")).isEqualTo("0");
        assertThat(Sql.scalar(database, "SELECT status || ' ' || (details->>'sqlstate') FROM tb_confiture_event "
                + "WHERE kind = 'migrate' AND version = '002'")).isEqualTo("failed 57P01");

        assertThat(files.confiture(database).migrate().applied()).extracting("slug").containsExactly("002_slow");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM t")).isEqualTo("2");
    }

    @Test
    void aTerminatedNonTransactionalStatementResumesThere(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_steps.up.sql", "-- confiture: transactional=false\n"
                        + "CREATE TABLE first_step (x int);\n"
                        + "SELECT pg_sleep(1.5);\n"
                        + "CREATE TABLE last_step (x int);\n");

        CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(() -> files.confiture(database).migrate());
        terminate(database, "pg_sleep(1.5)");

        assertThatThrownBy(run::join).cause().isInstanceOfSatisfying(MigrationFailedException.class,
                failure -> assertThat(failure.failure().completedStatements()).isEqualTo(1));
        MigrateResult rerun = files.confiture(database).migrate();
        assertThat(rerun.applied()).singleElement().satisfies(execution -> assertThat(execution.resumedStatements()).isEqualTo(1));
        assertThat(Sql.tableExists(database, "last_step")).isTrue();
    }

    @Test
    void terminatingTheLockSessionStopsTheRunBeforeTheNextMigration(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_slow.up.sql", "CREATE TABLE t (x int);\nSELECT pg_sleep(1.5);")
                .write("002_next.up.sql", "CREATE TABLE next_table (x int);");

        CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(() -> files.confiture(database).migrate());
        awaitQuery(database, "pg_sleep(1.5)");
        Sql.scalar(database, "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted");

        assertThatThrownBy(run::join).cause().isInstanceOfSatisfying(ConfitureException.class, ex -> {
            assertThat(ex.code()).isEqualTo(ErrorCode.LOCK_LOST);
            assertThat(ex.getMessage()).contains("stopped before 002_next", "applied in this run: 001_slow");
        });
        assertThat(Sql.tableExists(database, "next_table")).isFalse();
        assertThat(files.confiture(database).migrate().applied()).extracting("slug").containsExactly("002_next");
    }

    private static void terminate(TestDatabase database, String query) throws InterruptedException {
        awaitQuery(database, query);
        Sql.scalar(database, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND query LIKE '%" + query + "%' AND pid <> pg_backend_pid()");
    }

    private static void awaitQuery(TestDatabase database, String query) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!"0".equals(Sql.scalar(database, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND state = 'active' AND query LIKE '%" + query + "%' AND pid <> pg_backend_pid()"))) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(query + " never ran");
    }
}
