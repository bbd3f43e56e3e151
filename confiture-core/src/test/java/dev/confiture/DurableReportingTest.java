package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.MigrationExecution;
import dev.confiture.api.MigrationListener;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A run's transactional migrations commit without waiting for the disk one by one, and are reported only once the
 * write-ahead log holding their commits is flushed. Each migration here records the WAL insert position inside its
 * own transaction: its commit record lies after it, so when a listener hears of the migration the server's flush
 * position must be past that mark.
 */
@ExtendWith(PostgresExtension.class)
class DurableReportingTest {

    private static final String RUNNER = "durable_reporting_runner";

    private static final String REVOKE_FLUSH = "DO $$ DECLARE f regprocedure; BEGIN FOR f IN SELECT oid::regprocedure "
            + "FROM pg_catalog.pg_proc WHERE proname = 'pg_logical_emit_message' LOOP EXECUTE 'REVOKE EXECUTE ON FUNCTION ' "
            + "|| f || ' FROM PUBLIC'; END LOOP; END $$";

    @TempDir
    Path directory;

    @Test
    void aMigrationIsReportedOnlyOnceTheLogHoldingItsCommitIsFlushed(TestDatabase database) throws Exception {
        MigrationDirectory files = markingMigrations(8, null);
        FlushChecks checks = new FlushChecks(database);

        List<MigrationExecution> applied = files.confiture(database, builder -> builder.dataSource(
                durableDataSource(database, database.user(), database.password())).listeners(List.of(checks)))
                .migrate().applied();

        assertThat(applied).hasSize(8);
        assertThat(checks.flushedWhenReported).hasSize(8).allSatisfy((slug, flushed) -> assertThat(flushed)
                .as("the WAL flush position had passed %s's commit when it was reported", slug).isTrue());
        // they did commit without waiting: the flush statement ran (at least the end's), a run's commits are batched
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("8");
    }

    @Test
    void whenTheServerRefusesTheFlushEveryMigrationCommitsDurablyOnItsOwn(TestDatabase database) throws Exception {
        MigrationDirectory files = markingMigrations(4, null);
        try (AutoCloseable runner = runnerRole(database)) {
            Sql.execute(database, REVOKE_FLUSH);
            FlushChecks checks = new FlushChecks(database);

            List<MigrationExecution> applied = files.confiture(database, builder -> builder.dataSource(durableDataSource(
                    database, RUNNER, "runner")).listeners(List.of(checks))).migrate().applied();

            assertThat(applied).hasSize(4);
            assertThat(checks.flushedWhenReported).hasSize(4).containsValues(true).doesNotContainValue(false);
        }
    }

    @Test
    void aFlushThatFailsAfterTheCommitsFailsTheRunAndReportsNothingItCouldNotConfirm(TestDatabase database)
            throws Exception {
        // 002 takes longer than a report may wait: the flush after it reports 001 and 002, and the listener then
        // takes the flush away from the migrating role, so the end's flush fails with 003 committed
        MigrationDirectory files = markingMigrations(3, "SELECT pg_sleep(0.4);");
        try (AutoCloseable runner = runnerRole(database)) {
            FlushChecks checks = new FlushChecks(database) {

                @Override
                public void migrationApplied(String name, MigrationExecution execution) {
                    super.migrationApplied(name, execution);
                    if (execution.slug().startsWith("002")) {
                        Sql.execute(database, REVOKE_FLUSH);
                    }
                }
            };

            assertThatThrownBy(() -> files.confiture(database, builder -> builder.dataSource(durableDataSource(database, RUNNER, "runner"))
                    .listeners(List.of(checks))).migrate()).isInstanceOfSatisfying(ConfitureException.class, failure -> {
                        assertThat(failure.code()).isEqualTo(ErrorCode.DATABASE_ERROR);
                        assertThat(failure.getMessage()).contains("1 migration(s) of this run committed, but the flush "
                                + "that makes them durable failed", "permission denied");
                    });
            assertThat(checks.flushedWhenReported.keySet()).containsExactlyInAnyOrder("001_mark", "002_mark");
            // committed all the same: nothing is lost while the server stays up, and status shows it
            assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("3");
        }
    }

    @Test
    void theCentralLogHearsOfAMigrationOnlyOnceAFlushMadeItDurable(TestDatabase database) throws Exception {
        // as in the test above, the end's flush fails with 003 committed: the central log (another server, in
        // production) must not say that 003 succeeded, since a crash of this server could still take it away
        MigrationDirectory files = markingMigrations(3, "SELECT pg_sleep(0.4);");
        try (AutoCloseable runner = runnerRole(database); TestDatabase central = SharedPostgres.createDatabase("central")) {
            FlushChecks checks = new FlushChecks(database) {

                @Override
                public void migrationApplied(String name, MigrationExecution execution) {
                    super.migrationApplied(name, execution);
                    if (execution.slug().startsWith("002")) {
                        Sql.execute(database, REVOKE_FLUSH);
                    }
                }
            };

            assertThatThrownBy(() -> files.confiture(database, builder -> builder.dataSource(durableDataSource(database,
                    RUNNER, "runner")).centralEventLog(central.dataSource()).listeners(List.of(checks))).migrate())
                    .isInstanceOf(ConfitureException.class);
            assertThat(checks.flushedWhenReported.keySet()).containsExactlyInAnyOrder("001_mark", "002_mark");
            assertThat(Sql.column(central, "SELECT slug FROM tb_confiture_event WHERE kind = 'migrate' "
                    + "AND status = 'succeeded' ORDER BY pk_confiture_event"))
                    .as("the central log says succeeded only of what a flush made durable")
                    .containsExactly("001_mark", "002_mark");
        }
    }

    @Test
    void whatCommittedBeforeAMigrationOutsideATransactionIsReportedBeforeItStarts(TestDatabase database)
            throws Exception {
        // a statement-by-statement migration (CREATE INDEX CONCURRENTLY, a long backfill) may run for an hour: what
        // committed before it is reported before it starts, not when it ends
        Sql.execute(database, "CREATE TABLE heard (slug text PRIMARY KEY)");
        MigrationDirectory files = markingMigrations(2, null).write("003_long.up.sql", "-- confiture: transactional=false\n"
                + "DO $$ BEGIN IF (SELECT count(*) FROM heard) < 2 THEN RAISE EXCEPTION 'heard of % migration(s) of 2', "
                + "(SELECT count(*) FROM heard); END IF; END $$;\n");
        FlushChecks checks = new FlushChecks(database) {

            @Override
            public void migrationApplied(String name, MigrationExecution execution) {
                super.migrationApplied(name, execution);
                Sql.execute(database, "INSERT INTO heard VALUES ('" + execution.slug() + "')");
            }
        };

        List<MigrationExecution> applied = files.confiture(database, builder -> builder.dataSource(durableDataSource(
                database, database.user(), database.password())).listeners(List.of(checks))).migrate().applied();

        assertThat(applied).hasSize(3);
        assertThat(checks.flushedWhenReported).containsOnlyKeys("001_mark", "002_mark", "003_long");
        assertThat(checks.flushedWhenReported).containsEntry("001_mark", true).containsEntry("002_mark", true);
    }

    /** Migrations that each write the WAL insert position of their own transaction into {@code wal_mark}. */
    private MigrationDirectory markingMigrations(int count, String secondAlsoRuns) {
        MigrationDirectory files = new MigrationDirectory(directory);
        for (int i = 1; i <= count; i++) {
            String slug = String.format("%03d_mark", i);
            String table = (i == 1) ? "CREATE TABLE wal_mark (slug text PRIMARY KEY, lsn pg_lsn);\n" : "";
            String extra = (i == 2 && secondAlsoRuns != null) ? secondAlsoRuns + "\n" : "";
            files.write(slug + ".up.sql", table + "CREATE TABLE t_" + i + " (x int);\n" + extra
                    + "INSERT INTO wal_mark VALUES ('" + slug + "', pg_current_wal_insert_lsn());\n");
        }
        return files;
    }

    private static AutoCloseable runnerRole(TestDatabase database) {
        Sql.execute(database, "DROP ROLE IF EXISTS " + RUNNER);
        Sql.execute(database, "CREATE ROLE " + RUNNER + " LOGIN PASSWORD 'runner'");
        Sql.execute(database, "GRANT ALL ON SCHEMA public TO " + RUNNER);
        Sql.execute(database, "GRANT CREATE ON DATABASE " + database.name() + " TO " + RUNNER);
        return () -> {
            Sql.execute(database, "DROP OWNED BY " + RUNNER);
            Sql.execute(database, "DROP ROLE " + RUNNER);
        };
    }

    /**
     * The migrating sessions turn {@code synchronous_commit} on, as a production server has it, whatever the test
     * server's own setting (a server with it off waits for nothing, and nothing would be deferred).
     */
    private static PGSimpleDataSource durableDataSource(TestDatabase database, String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(database.jdbcUrl());
        dataSource.setUser(user);
        dataSource.setPassword(password);
        dataSource.setOptions("-c synchronous_commit=on");
        return dataSource;
    }

    /** Hears each applied migration and checks, on a connection of its own, that its commit is flushed. */
    private static class FlushChecks implements MigrationListener {

        final Map<String, Boolean> flushedWhenReported = new ConcurrentHashMap<>();

        private final TestDatabase database;

        FlushChecks(TestDatabase database) {
            this.database = database;
        }

        @Override
        public void migrationApplied(String name, MigrationExecution execution) {
            try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(
                    "SELECT pg_current_wal_flush_lsn() > lsn FROM wal_mark WHERE slug = ?")) {
                statement.setString(1, execution.slug());
                try (ResultSet result = statement.executeQuery()) {
                    flushedWhenReported.put(execution.slug(), result.next() && result.getBoolean(1));
                }
            }
            catch (SQLException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }
}
