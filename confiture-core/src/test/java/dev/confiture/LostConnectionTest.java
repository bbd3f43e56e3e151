package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.MigrationExecution;
import dev.confiture.api.MigrationFailedException;
import dev.confiture.api.MigrationListener;
import dev.confiture.execution.MigrateResult;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    void terminatingTheLockSessionStopsTheRunBeforeTheCommitOfTheRunningMigration(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_slow.up.sql", "CREATE TABLE t (x int);\nSELECT pg_sleep(1.5);")
                .write("002_next.up.sql", "CREATE TABLE next_table (x int);");

        CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(() -> files.confiture(database).migrate());
        awaitQuery(database, "pg_sleep(1.5)");
        Sql.scalar(database, "SELECT pg_terminate_backend(pid) FROM (SELECT DISTINCT pid FROM pg_locks "
                + "WHERE locktype = 'advisory' AND granted) lock_session");

        assertThatThrownBy(run::join).cause().isInstanceOfSatisfying(ConfitureException.class, ex -> {
            assertThat(ex.code()).isEqualTo(ErrorCode.LOCK_LOST);
            assertThat(ex.getMessage()).contains("lost before the commit of 001_slow", "applied in this run: none",
                    "SQLSTATE 57P01", "pg_terminate_backend");
        });
        assertThat(Sql.tableExists(database, "t")).as("001_slow was not committed without the lock").isFalse();
        assertThat(Sql.tableExists(database, "next_table")).isFalse();
        assertThat(files.confiture(database).migrate().applied()).extracting("slug").containsExactly("001_slow", "002_next");
    }

    @Test
    void theLockSessionOutlivesTheServersIdleTimeoutsSoNoStatementRunsTwice(TestDatabase database) throws Exception {
        Sql.execute(database, "ALTER DATABASE " + database.name() + " SET idle_session_timeout = '1500ms'");
        Sql.execute(database, "ALTER DATABASE " + database.name() + " SET idle_in_transaction_session_timeout = '500ms'");
        MigrationDirectory files = new MigrationDirectory(directory).write("001_steps.up.sql",
                "-- confiture: transactional=false\nCREATE TABLE s (step text);\nINSERT INTO s VALUES ('s1');\n"
                        + "SELECT pg_sleep(3);\nINSERT INTO s VALUES ('s3');\n");

        CompletableFuture<MigrateResult> first = CompletableFuture.supplyAsync(() -> files.confiture(database).migrate());
        awaitQuery(database, "pg_sleep(3)");
        Thread.sleep(1700);
        CompletableFuture<MigrateResult> second = CompletableFuture.supplyAsync(() -> files.confiture(database).migrate());

        assertThat(first.join().applied()).extracting("slug").containsExactly("001_steps");
        assertThat(second.join().applied()).as("the second migrator waited for the lock, then found nothing to do").isEmpty();
        assertThat(Sql.column(database, "SELECT step FROM s ORDER BY step")).containsExactly("s1", "s3");
    }

    @Test
    void aMigratorThatLostTheLockStopsBeforeItsNextStatementAndTheNextOneResumesThere(TestDatabase database)
            throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_steps.up.sql",
                "-- confiture: transactional=false\nCREATE TABLE s (step text);\nINSERT INTO s VALUES ('s1');\n"
                        + "SELECT pg_sleep(3);\nINSERT INTO s VALUES ('s3');\n");

        CompletableFuture<MigrateResult> first = CompletableFuture.supplyAsync(() -> files.confiture(database).migrate());
        awaitQuery(database, "pg_sleep(3)");
        terminateLockSession(database);
        CompletableFuture<MigrateResult> second = CompletableFuture.supplyAsync(() -> files.confiture(database).migrate());

        assertThatThrownBy(first::join).cause().isInstanceOfSatisfying(ConfitureException.class, ex -> {
            assertThat(ex.code()).isEqualTo(ErrorCode.LOCK_LOST);
            assertThat(ex.getMessage()).contains("lost before the commit of statement 3 of 4 of 001_steps",
                    "SQLSTATE 57P01", "pg_terminate_backend");
        });
        assertThat(second.join().applied()).singleElement()
                .as("the sleep, whose commit the lost lock refused, runs again; the statements before it do not")
                .satisfies(execution -> assertThat(execution.resumedStatements()).isEqualTo(2));
        assertThat(Sql.column(database, "SELECT step FROM s ORDER BY step")).containsExactly("s1", "s3");
        assertThat(Sql.scalar(database, "SELECT error FROM tb_confiture_event WHERE kind = 'migrate' AND status = 'failed'"))
                .contains("lost before the commit of statement 3");
    }

    @Test
    void noStatementInAutocommitStartsAfterTheLockIsLost(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_table.up.sql", "CREATE TABLE s (step int);")
                .write("002_index.up.sql", "CREATE INDEX CONCURRENTLY IF NOT EXISTS s_step ON s (step);\n");
        // Between two migrations, where no commit of a step would notice: a listener ends the lock session.
        MigrationListener loseTheLock = new MigrationListener() {
            @Override
            public void migrationApplied(MigrationExecution execution) {
                terminateLockSession(database);
            }
        };

        assertThatThrownBy(() -> files.confiture(database, builder -> builder.listeners(List.of(loseTheLock))).migrate())
                .isInstanceOfSatisfying(ConfitureException.class, ex -> assertThat(ex.getMessage())
                        .contains("lost before statement 1 of 1 of 002_index", "applied in this run: 001_table"));
        assertThat(Sql.scalar(database, "SELECT count(*) FROM pg_indexes WHERE indexname = 's_step'"))
                .as("the index build never started without the lock").isEqualTo("0");
        assertThat(files.confiture(database).migrate().appliedCount()).isEqualTo(1);
    }

    @Test
    void anAttemptWhoseSessionStillRunsIsNeverResumedBesideIt(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_steps.up.sql",
                "-- confiture: transactional=false\nCREATE TABLE s (step text);\nINSERT INTO s VALUES ('s1');\n"
                        + "SELECT pg_sleep(CASE WHEN EXISTS (SELECT 1 FROM s WHERE step = 'fast') THEN 0 ELSE 60 END);\n"
                        + "INSERT INTO s VALUES ('s3');\n");

        CompletableFuture<MigrateResult> first = CompletableFuture.supplyAsync(() -> files.confiture(database).migrate());
        awaitQuery(database, "pg_sleep(CASE");
        terminateLockSession(database);

        assertThatThrownBy(() -> files.confiture(database, builder -> builder.lockWait(Duration.ofMillis(600))).migrate())
                .isInstanceOfSatisfying(ConfitureException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.ATTEMPT_STILL_RUNNING);
                    assertThat(ex.getMessage()).contains("version 001", "still connected", "Nothing was changed");
                    assertThat(ex.hint()).contains("pg_terminate_backend(");
                });
        assertThat(Sql.column(database, "SELECT step FROM s")).containsExactly("s1");
        Confiture impatient = files.confiture(database, builder -> builder.lockWait(Duration.ofMillis(300)));
        for (Runnable write : List.<Runnable>of(impatient::repair, () -> impatient.down(1), () -> impatient.baseline("1"),
                () -> impatient.approve("1", "ops"))) {
            assertThatThrownBy(write::run).as("every operation that writes waits for the attempt")
                    .isInstanceOfSatisfying(ConfitureException.class,
                            ex -> assertThat(ex.code()).isEqualTo(ErrorCode.ATTEMPT_STILL_RUNNING));
        }

        Sql.execute(database, "INSERT INTO s VALUES ('fast')");
        terminate(database, "pg_sleep(CASE");
        assertThatThrownBy(first::join).cause().isInstanceOf(ConfitureException.class);
        assertThat(files.confiture(database).migrate().applied()).singleElement()
                .as("the interrupted sleep runs again, the statements before it do not")
                .satisfies(execution -> assertThat(execution.resumedStatements()).isEqualTo(2));
        assertThat(Sql.column(database, "SELECT step FROM s ORDER BY step")).containsExactly("fast", "s1", "s3");
    }

    @Test
    void anAttemptOfAnotherRoleWhoseSessionIsHiddenFromTheNextMigratorCountsAsRunning(TestDatabase database)
            throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_steps.up.sql",
                "-- confiture: transactional=false\nCREATE TABLE s (step text);\nINSERT INTO s VALUES ('s1');\n"
                        + "SELECT pg_sleep(60);\nINSERT INTO s VALUES ('s3');\n");
        String role = "deployer_" + Long.toHexString(System.nanoTime());
        Sql.execute(database, "CREATE ROLE " + role + " LOGIN");
        try {
            CompletableFuture<MigrateResult> first = CompletableFuture.supplyAsync(() -> files.confiture(database).migrate());
            awaitQuery(database, "pg_sleep(60)");
            terminateLockSession(database);
            Sql.execute(database, "GRANT SELECT, INSERT, UPDATE, DELETE ON tb_confiture, tb_confiture_event TO " + role);
            org.postgresql.ds.PGSimpleDataSource otherRole = new org.postgresql.ds.PGSimpleDataSource();
            otherRole.setURL(database.jdbcUrl());
            otherRole.setUser(role);
            assertThat(Sql.scalar(database, "SELECT rolsuper OR pg_has_role('" + role + "', 'pg_read_all_stats', 'MEMBER') "
                    + "FROM pg_roles WHERE rolname = '" + role + "'")).as("the session is hidden from it").isEqualTo("f");

            assertThatThrownBy(() -> new Confiture(dev.confiture.config.ConfitureConfiguration.builder()
                    .dataSource(otherRole).locations(files.location()).lockWait(Duration.ofMillis(600)).build()).migrate())
                    .isInstanceOfSatisfying(ConfitureException.class,
                            ex -> assertThat(ex.code()).isEqualTo(ErrorCode.ATTEMPT_STILL_RUNNING));
            assertThat(Sql.column(database, "SELECT step FROM s")).containsExactly("s1");
            terminate(database, "pg_sleep(60)");
            assertThatThrownBy(first::join).cause().isInstanceOf(ConfitureException.class);
        }
        finally {
            Sql.execute(database, "DROP OWNED BY " + role);
            Sql.execute(database, "DROP ROLE " + role);
        }
    }

    @Test
    void anInterruptedRunStopsBeforeItsNextMigrationOrStatementAndTheNextRunContinuesThere(TestDatabase database)
            throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("002_steps.up.sql", "-- confiture: transactional=false\nCREATE TABLE s (step text);\n"
                        + "SELECT pg_sleep(1);\nINSERT INTO s VALUES ('s3');")
                .write("003_c.up.sql", "CREATE TABLE c (x int);");
        MigrationListener interruptAfterTheFirst = new MigrationListener() {
            @Override
            public void migrationApplied(String instance, MigrationExecution execution) {
                Thread.currentThread().interrupt();
            }
        };
        try {
            assertThatThrownBy(() -> files.confiture(database, builder -> builder.listeners(List.of(
                    interruptAfterTheFirst))).migrate()).isInstanceOfSatisfying(ConfitureException.class, ex -> {
                        assertThat(ex.code()).isEqualTo(ErrorCode.INTERRUPTED);
                        assertThat(ex.getMessage()).contains("stopped before 002_steps (applied in this run: 001_a)");
                    });
        }
        finally {
            assertThat(Thread.interrupted()).as("the interrupt status is kept").isTrue();
        }
        assertThat(Sql.scalar(database, "SELECT string_agg(version, ',') FROM tb_confiture")).isEqualTo("001");

        Thread migrating = Thread.currentThread();
        CompletableFuture<Void> interrupter = CompletableFuture.runAsync(() -> {
            try {
                awaitQuery(database, "pg_sleep(1)");
            }
            catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
            migrating.interrupt();
        });
        try {
            assertThatThrownBy(() -> files.confiture(database).migrate()).isInstanceOfSatisfying(
                    MigrationFailedException.class, failure -> assertThat(failure.getMessage())
                            .contains("stopped before statement 3 of 3 of 002_steps"));
        }
        finally {
            interrupter.join();
            Thread.interrupted();
        }
        assertThat(Sql.scalar(database, "SELECT details->>'completed_statements' FROM tb_confiture_event "
                + "WHERE kind = 'migrate' AND status = 'failed' AND version = '002'")).isEqualTo("2");

        assertThat(files.confiture(database).migrate().applied()).extracting("slug").containsExactly("002_steps", "003_c");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM s")).isEqualTo("1");
    }

    /** Ends the session that holds the migration lock: the one holding the per-table key. */
    private static void terminateLockSession(TestDatabase database) {
        assertThat(Sql.scalar(database, "SELECT count(pg_terminate_backend(pid)) FROM (SELECT DISTINCT pid FROM "
                + "pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1) lock_session")).isEqualTo("1");
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
