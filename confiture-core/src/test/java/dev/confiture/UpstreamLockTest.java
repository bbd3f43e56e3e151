package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.migration.Migration;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream Confiture and Confiture exclude each other on one database: upstream's per-database key
 * {@code (1751936052, K)} is taken by both, exclusively by upstream and shared by Confiture, whose own per-table key
 * keeps its migrators of different tables side by side.
 */
@ExtendWith(PostgresExtension.class)
class UpstreamLockTest {

    /** The namespace of upstream's lock key, as upstream's code has it. */
    private static final int UPSTREAM_NAMESPACE = 1751936052;

    private static final String HOLDER_TABLE = "CREATE TABLE IF NOT EXISTS confiture_lock_holder (lock_id BIGINT "
            + "PRIMARY KEY, pid INT, hostname TEXT, usename TEXT, command TEXT, acquired_at TIMESTAMPTZ NOT NULL DEFAULT now())";

    @TempDir
    Path directory;

    @Test
    void whileUpstreamHoldsItsLockMigrateWaitsThenFailsNamingTheHolderHavingAppliedNothing(TestDatabase database)
            throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory).write("1_a.up.sql", "CREATE TABLE a (x int);");
        try (Connection upstream = database.connect(); Statement statement = upstream.createStatement()) {
            statement.execute("SET application_name = 'upstream-confiture'");
            statement.execute(HOLDER_TABLE);
            statement.execute("SELECT pg_advisory_lock(" + UPSTREAM_NAMESPACE + ", " + key(database) + ")");
            statement.execute("INSERT INTO confiture_lock_holder (lock_id, pid, hostname, usename, command) VALUES ("
                    + key(database) + ", 4242, 'build-7', current_user, 'confiture migrate up')");

            assertThatThrownBy(() -> files.confiture(database, builder -> builder.lockWait(Duration.ofSeconds(2))).migrate())
                    .isInstanceOfSatisfying(ConfitureException.class, ex -> {
                        assertThat(ex.code()).isEqualTo(ErrorCode.LOCK_WAIT_TIMEOUT);
                        assertThat(ex.getMessage()).contains("upstream Confiture's lock held by backend pid",
                                "'upstream-confiture'", "pid 4242 on build-7 running \"confiture migrate up\"",
                                "nothing was changed");
                    });
        }
        assertThat(Sql.tableExists(database, "a")).isFalse();
        assertThat(Sql.tableExists(database, "tb_confiture")).isFalse();
        assertThat(files.confiture(database).migrate().appliedCount()).isEqualTo(1);
    }

    @Test
    void whileConfitureMigratesUpstreamWaitsAndItsHolderRowNamesConfiture(TestDatabase database) {
        Sql.execute(database, HOLDER_TABLE);
        String upstreamKey = UPSTREAM_NAMESPACE + ", " + key(database);
        List<String> seen = new ArrayList<>();
        Migration probe = javaMigration("1", "probe", connection -> {
            try (Connection upstream = database.connect(); Statement statement = upstream.createStatement()) {
                seen.add(scalar(statement, "SELECT pg_try_advisory_lock(" + upstreamKey + ")"));
                statement.execute("SET lock_timeout = '300ms'");
                try {
                    statement.execute("SELECT pg_advisory_lock(" + upstreamKey + ")");
                    seen.add("acquired");
                }
                catch (SQLException ex) {
                    seen.add(ex.getSQLState());
                }
                seen.add(scalar(statement, "SELECT command || ' ' || hostname FROM confiture_lock_holder"));
            }
        });

        files().confiture(database, builder -> builder.javaMigrations(List.of(probe)).applicationName("billing")).migrate();

        assertThat(seen).hasSize(3);
        assertThat(seen.subList(0, 2)).as("upstream's try fails and its blocking wait times out").containsExactly("f", "55P03");
        assertThat(seen.get(2)).startsWith("confiture lock billing on ");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM confiture_lock_holder")).as("removed on release").isEqualTo("0");
        assertThat(Sql.scalar(database, "SELECT pg_try_advisory_lock(" + upstreamKey + ")")).isEqualTo("t");
    }

    @Test
    void aHolderTableSomeoneKeepsLockedNeverHoldsAMigrationOrItsWaitUp(TestDatabase database) throws Exception {
        Sql.execute(database, HOLDER_TABLE);
        MigrationDirectory files = new MigrationDirectory(directory).write("1_a.up.sql", "CREATE TABLE a (x int);");
        try (Connection locker = database.connect(); Statement statement = locker.createStatement()) {
            locker.setAutoCommit(false);
            statement.execute("LOCK TABLE confiture_lock_holder IN ACCESS EXCLUSIVE MODE");

            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                try (Connection upstream = database.connect(); Statement holder = upstream.createStatement()) {
                    holder.execute("SELECT pg_advisory_lock(" + UPSTREAM_NAMESPACE + ", " + key(database) + ")");
                    assertThatThrownBy(() -> files.confiture(database, builder -> builder.lockWait(Duration.ofSeconds(1)))
                        .migrate()).isInstanceOfSatisfying(ConfitureException.class,
                                ex -> assertThat(ex.code()).isEqualTo(ErrorCode.LOCK_WAIT_TIMEOUT));
                }
                assertThat(files.confiture(database).migrate().appliedCount()).isEqualTo(1);
            }, "a diagnostic row waited for a lock on its table");
        }
        assertThat(Sql.scalar(database, "SELECT count(*) FROM confiture_lock_holder")).isEqualTo("0");
    }

    @Test
    void migratorsOfTwoTrackingTablesInOneDatabaseStillRunSideBySide(TestDatabase database) {
        CyclicBarrier bothInside = new CyclicBarrier(2);
        Migration meet = javaMigration("1", "meet", connection -> bothInside.await(20, TimeUnit.SECONDS));

        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (String schema : List.of("tenant_a", "tenant_b")) {
            runs.add(CompletableFuture.supplyAsync(() -> files().confiture(database, builder -> builder.schema(schema)
                    .javaMigrations(List.of(meet))).migrate().appliedCount()));
        }

        assertThat(runs).allSatisfy(run -> assertThat(run.join()).isEqualTo(1));
    }

    private MigrationDirectory files() {
        return new MigrationDirectory(directory);
    }

    /** Upstream's per-database key, computed as upstream computes it (its formula, in SQL), not by our code. */
    private static int key(TestDatabase database) {
        return Integer.parseInt(Sql.scalar(database, "SELECT ('x' || left(encode(sha256(convert_to(current_database(), "
                + "'UTF8')), 'hex'), 8))::bit(32)::int & 2147483647"));
    }

    private static String scalar(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static Migration javaMigration(String version, String name, Body body) {
        return new Migration() {
            @Override
            public String version() {
                return version;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public void up(Connection connection) throws Exception {
                body.run(connection);
            }
        };
    }

    @FunctionalInterface
    private interface Body {
        void run(Connection connection) throws Exception;
    }
}
