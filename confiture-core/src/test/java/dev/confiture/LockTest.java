package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.execution.MigrateResult;
import dev.confiture.lock.MigrationLock;
import dev.confiture.migration.Migration;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import dev.confiture.tracking.TableName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration lock: session-level, on its own connection, with a bounded wait.
 */
@ExtendWith(PostgresExtension.class)
class LockTest {

    @TempDir
    Path directory;

    @Test
    void migrationsRunWhileAnotherSessionHoldsASessionLevelAdvisoryLock(TestDatabase database) {
        AtomicReference<List<String>> seen = new AtomicReference<>();
        Migration probe = new Migration() {
            @Override
            public String version() {
                return "1";
            }

            @Override
            public String name() {
                return "probe_lock";
            }

            @Override
            public void up(Connection connection) throws Exception {
                try (Statement statement = connection.createStatement();
                        ResultSet result = statement.executeQuery("SELECT l.pid = pg_backend_pid(), l.mode, "
                                + "a.state, a.backend_xmin IS NULL AND a.backend_xid IS NULL, a.application_name "
                                + "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                                + "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1")) {
                    result.next();
                    seen.set(List.of(result.getString(1), result.getString(2), result.getString(3), result.getString(4),
                            result.getString(5)));
                }
            }
        };

        new Confiture(ConfitureConfiguration.builder().dataSource(database.dataSource())
                .locations(new MigrationDirectory(directory).location()).javaMigrations(List.of(probe)).build()).migrate();

        assertThat(seen.get()).as("held by another session, exclusive, in a transaction that is idle and holds neither "
                + "a snapshot nor a transaction id (CREATE INDEX CONCURRENTLY waits for those), named for pg_stat_activity")
                .hasSize(5).startsWith("f", "ExclusiveLock", "idle in transaction", "t");
        assertThat(seen.get().get(4)).startsWith("confiture lock on ").contains(" pid ");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).isEqualTo("0");
    }

    @Test
    void waitingLongerThanLockWaitFailsNamingTheHolderAndTheSetting(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory).write("1_a.up.sql", "CREATE TABLE a (x int);");
        long key = MigrationLock.keyFor(new TableName("public", "tb_confiture"));
        try (Connection holder = database.connect(); Statement statement = holder.createStatement()) {
            statement.execute("SET application_name = 'other-migrator'");
            statement.execute("SELECT pg_advisory_lock(" + key + ")");

            assertThatThrownBy(() -> files.confiture(database, builder -> builder.lockWait(Duration.ofMillis(300))).migrate())
                    .isInstanceOfSatisfying(ConfitureException.class,
                            ex -> assertThat(ex.code()).isEqualTo(ErrorCode.LOCK_WAIT_TIMEOUT))
                    .hasMessageContaining("other-migrator").hasMessageContaining("ConfitureConfiguration.lockWait");
        }
        assertThat(Sql.tableExists(database, "a")).isFalse();
        assertThat(files.confiture(database).migrate().appliedCount()).isEqualTo(1);
    }

    /**
     * A startup check with every migration applied reads the state without the lock (a service starts while another
     * deploy migrates): it neither waits nor fails. The moment anything is pending (or a file changed), it takes the
     * lock as before, and waits.
     */
    @Test
    void aStartupCheckWithNothingPendingDoesNotWaitForTheLock(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory).write("1_a.up.sql", "CREATE TABLE a (x int);");
        files.confiture(database).migrate();
        long key = MigrationLock.keyFor(new TableName("public", "tb_confiture"));
        try (Connection holder = database.connect(); Statement statement = holder.createStatement()) {
            statement.execute("SET application_name = 'other-migrator'");
            statement.execute("SELECT pg_advisory_lock(" + key + ")");

            var upToDate = files.confiture(database, builder -> builder.lockWait(Duration.ofMillis(300))).migrate();
            assertThat(upToDate.appliedCount()).isZero();
            assertThat(upToDate.currentVersion()).isEqualTo("1");

            files.write("1_a.up.sql", "CREATE TABLE a (x int, y int);");
            assertThatThrownBy(() -> files.confiture(database, builder -> builder.lockWait(Duration.ofMillis(300)))
                    .migrate()).isInstanceOfSatisfying(ConfitureException.class,
                            ex -> assertThat(ex.code()).as("a changed file is looked at under the lock")
                                    .isEqualTo(ErrorCode.LOCK_WAIT_TIMEOUT));
            files.write("1_a.up.sql", "CREATE TABLE a (x int);").write("2_b.up.sql", "CREATE TABLE b (x int);");
            assertThatThrownBy(() -> files.confiture(database, builder -> builder.lockWait(Duration.ofMillis(300)))
                    .migrate()).isInstanceOfSatisfying(ConfitureException.class,
                            ex -> assertThat(ex.code()).as("a pending migration waits for the lock")
                                    .isEqualTo(ErrorCode.LOCK_WAIT_TIMEOUT));
        }
        assertThat(files.confiture(database).migrate().appliedCount()).isEqualTo(1);
    }

    /**
     * A down running step by step leaves every row in place until it ends, but its attempt is open in the event log: a
     * startup check meanwhile takes the lock (and waits), as it always did, instead of reporting the schema up to date.
     */
    @Test
    void aStartupCheckDuringARunningDownWaitsForTheLock(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory).write("1_a.up.sql", "CREATE TABLE a (x int);")
                .write("1_a.down.sql", "-- confiture: transactional=false\nSELECT pg_sleep(3);\nDROP TABLE a;");
        files.confiture(database).migrate();
        CompletableFuture<?> down = CompletableFuture.runAsync(() -> files.confiture(database).down(1));
        try {
            awaitActive(database, "pg_sleep(3)");

            assertThatThrownBy(() -> files.confiture(database, builder -> builder.lockWait(Duration.ofMillis(300)))
                    .migrate()).isInstanceOfSatisfying(ConfitureException.class,
                            ex -> assertThat(ex.code()).isEqualTo(ErrorCode.LOCK_WAIT_TIMEOUT));
        }
        finally {
            down.join();
        }
        assertThat(Sql.tableExists(database, "a")).isFalse();
    }

    /**
     * A bookkeeping table locked by another session (a {@code clean} dropping the schema, a manual {@code LOCK}): the
     * startup check gives up reading it without the lock after a moment, takes the lock, and waits there as a run
     * always did, instead of failing.
     */
    @Test
    void aStartupCheckBlockedOnATrackingTableTakesTheLockAndWaits(TestDatabase database) throws Exception {
        MigrationDirectory files = oneApplied(database);
        try (Connection holder = holding(database, "tb_confiture")) {
            CompletableFuture<MigrateResult> check = CompletableFuture.supplyAsync(() -> files.confiture(database,
                    builder -> builder.lockWait(Duration.ofSeconds(30))).migrate());
            Thread.sleep(1800);
            assertThat(check).as("still waiting for the tracking table").isNotDone();
            holder.commit();
            assertThat(check.get(30, TimeUnit.SECONDS).currentVersion()).isEqualTo("1");
        }
    }

    /**
     * The startup check reads the tracking rows, then the event log. A down completing in between (its row deleted and
     * its attempt closed in one commit) must not leave the check with the row but not the open attempt: both reads
     * see one snapshot, from before the down's commit, so the check takes the lock, reads again and applies.
     */
    @Test
    void theStartupCheckReadsOneSnapshot(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory).write("1_a.up.sql", "CREATE TABLE a (x int);")
                .write("1_a.down.sql", "-- confiture: transactional=false\nDROP TABLE a;\nSELECT 1 / 0;");
        files.confiture(database).migrate();
        // fails at its second statement: the table is gone, the row stays, the attempt stays open
        assertThatThrownBy(() -> files.confiture(database).down(1)).isInstanceOf(ConfitureException.class);
        try (Connection other = holding(database, "tb_confiture_event"); Statement statement = other.createStatement()) {
            CompletableFuture<MigrateResult> check = CompletableFuture.supplyAsync(() -> files.confiture(database).migrate());
            awaitLockWait(database, "tb_confiture_event");
            // what a down run again to its end commits, while the check waits between its two reads
            statement.execute("DELETE FROM tb_confiture WHERE version = '1'");
            statement.execute("INSERT INTO tb_confiture_event (kind, status, version, slug) "
                    + "VALUES ('rollback', 'succeeded', '1', '1_a')");
            other.commit();

            assertThat(check.get(30, TimeUnit.SECONDS).appliedCount()).as("applied again, not reported up to date")
                    .isEqualTo(1);
        }
        assertThat(Sql.tableExists(database, "a")).isTrue();
    }

    /** The check's connection ends under it (a terminated backend): the run takes the lock on a new one. */
    @Test
    void aStartupCheckWhoseConnectionBrokeTakesTheLockOnAnother(TestDatabase database) throws Exception {
        MigrationDirectory files = oneApplied(database);
        try (Connection holder = holding(database, "tb_confiture")) {
            CompletableFuture<MigrateResult> check = CompletableFuture.supplyAsync(() -> files.confiture(database)
                    .migrate());
            awaitLockWait(database, "tb_confiture");
            assertThat(Sql.scalar(database, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                    + "datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"))
                    .isEqualTo("1");
            holder.commit();

            assertThat(check.get(30, TimeUnit.SECONDS).currentVersion()).isEqualTo("1");
        }
    }

    private MigrationDirectory oneApplied(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("1_a.up.sql", "CREATE TABLE a (x int);");
        files.confiture(database).migrate();
        return files;
    }

    /** A session in a transaction holding {@code table} locked ACCESS EXCLUSIVE, as a {@code clean} would. */
    private static Connection holding(TestDatabase database, String table) throws SQLException {
        Connection holder = database.connect();
        holder.setAutoCommit(false);
        try (Statement statement = holder.createStatement()) {
            statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        }
        return holder;
    }

    private static void awaitLockWait(TestDatabase database, String table) throws InterruptedException {
        for (int i = 0; i < 2000; i++) {
            if (!"0".equals(Sql.scalar(database, "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                    + "current_database() AND wait_event_type = 'Lock' AND query LIKE '%" + table + "%' "
                    + "AND pid <> pg_backend_pid()"))) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("nothing waited for " + table);
    }

    private static void awaitActive(TestDatabase database, String query) throws InterruptedException {
        for (int i = 0; i < 2000; i++) {
            if (!"0".equals(Sql.scalar(database, "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                    + "current_database() AND state = 'active' AND query LIKE '%" + query + "%' AND pid <> pg_backend_pid()"))) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(query + " never ran");
    }

    @Test
    void theLockKeyDependsOnSchemaAndTable() {
        assertThat(MigrationLock.keyFor(new TableName("public", "tb_confiture")))
                .isEqualTo(MigrationLock.keyFor(new TableName("public", "tb_confiture")))
                .isNotEqualTo(MigrationLock.keyFor(new TableName("tenant_1", "tb_confiture")))
                .isNotEqualTo(MigrationLock.keyFor(new TableName("public", "tb_other")));
    }
}
