package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.jdbc.EarlyConnection;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * migrate() opens the lock's connection while it reads the files: only where connecting does not depend on the
 * calling thread, and never leaving a connection behind.
 */
@ExtendWith(PostgresExtension.class)
class EarlyConnectionTest {

    @TempDir
    Path directory;

    @Test
    void aConnectionNobodyTookIsClosed(TestDatabase database) throws Exception {
        PGSimpleDataSource dataSource = dataSource(database, "early_untaken");

        try (EarlyConnection early = EarlyConnection.open(dataSource)) {
            // connecting without anyone asking yet
            for (int i = 0; i < 100 && backends(database, "early_untaken") == 0; i++) {
                Thread.sleep(50);
            }
            assertThat(backends(database, "early_untaken")).isEqualTo(1);
        }

        awaitNoBackend(database, "early_untaken");
    }

    @Test
    void theEarlyConnectionIsHandedOutOnceThenTheDataSourceConnects(TestDatabase database) throws Exception {
        try (EarlyConnection early = EarlyConnection.open(dataSource(database, "early_taken"));
                Connection first = early.dataSource().getConnection();
                Connection second = early.dataSource().getConnection()) {
            assertThat(first).isNotSameAs(second);
            assertThat(first.isValid(5)).isTrue();
            assertThat(backends(database, "early_taken")).isEqualTo(2);
        }
        awaitNoBackend(database, "early_taken");
    }

    @Test
    void theFirstUseRunsOnAThreadOfItsOwnAndEndsBeforeTheConnectionIsHandedOut(TestDatabase database)
            throws Exception {
        try (EarlyConnection early = EarlyConnection.open(dataSource(database, "early_first_use"))) {
            CompletableFuture<String> used = early.firstUse(connection -> {
                try {
                    // slow on purpose: taking the connection must wait for it
                    Thread.sleep(300);
                    return Thread.currentThread().getName() + "/" + backendPid(connection);
                }
                catch (InterruptedException | SQLException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            assertThat(used).isNotNull();
            try (Connection taken = early.dataSource().getConnection()) {
                assertThat(used).as("done before the connection is handed out").isDone();
                assertThat(used.join()).isEqualTo("confiture-first-use/" + backendPid(taken));
                assertThat(taken.getAutoCommit()).isTrue();
            }
        }
        awaitNoBackend(database, "early_first_use");
    }

    @Test
    void aFirstUseThatThrowsHandsWhatItThrewToTheCallerAndTheConnectionOverUnlessAnError(TestDatabase database)
            throws Exception {
        for (Throwable thrown : List.of(new IllegalStateException("the read found something wrong"),
                new StackOverflowError("the read ran out of stack"))) {
            try (EarlyConnection early = EarlyConnection.open(dataSource(database, "early_first_use_throws"))) {
                int[] usedPid = new int[1];
                CompletableFuture<String> used = early.firstUse(connection -> {
                    try {
                        usedPid[0] = backendPid(connection);
                    }
                    catch (SQLException ex) {
                        throw new IllegalStateException(ex);
                    }
                    if (thrown instanceof Error error) {
                        throw error;
                    }
                    throw (RuntimeException) thrown;
                });
                try (Connection taken = early.dataSource().getConnection()) {
                    assertThat(used).isCompletedExceptionally();
                    assertThatThrownBy(used::join).hasCause(thrown);
                    assertThat(taken.isValid(5)).isTrue();
                    // after an Error the driver's protocol may be out of step: that connection is closed, not handed out
                    if (thrown instanceof Error) {
                        assertThat(backendPid(taken)).as(thrown.toString()).isNotEqualTo(usedPid[0]);
                    }
                    else {
                        assertThat(backendPid(taken)).as(thrown.toString()).isEqualTo(usedPid[0]);
                    }
                }
            }
            awaitNoBackend(database, "early_first_use_throws");
        }
    }

    @Test
    void aConnectionTheFirstUseLeftBrokenIsNotHandedOut(TestDatabase database) throws Exception {
        try (EarlyConnection early = EarlyConnection.open(dataSource(database, "early_first_use_broken"))) {
            CompletableFuture<Integer> used = early.firstUse(connection -> {
                try {
                    int pid = backendPid(connection);
                    // what a terminated backend or a lost server leaves: a connection the driver has closed
                    Sql.execute(database, "SELECT pg_terminate_backend(" + pid + ")");
                    // the driver notices on its next use of the socket
                    for (int i = 0; i < 100 && !connection.isClosed(); i++) {
                        connection.isValid(1);
                        Thread.sleep(100);
                    }
                    return pid;
                }
                catch (SQLException | InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            try (Connection taken = early.dataSource().getConnection()) {
                assertThat(taken.isValid(5)).as("a connection of its own, not the broken one").isTrue();
                assertThat(backendPid(taken)).isNotEqualTo(used.join());
            }
        }
        awaitNoBackend(database, "early_first_use_broken");
    }

    @Test
    void aFirstUseAskedForOnceTheConnectionIsOpenStillRunsOnItsOwnThreadOutsideTheLock(TestDatabase database)
            throws Exception {
        PGSimpleDataSource dataSource = dataSource(database, "early_first_use_late");
        try (EarlyConnection early = EarlyConnection.of(dataSource.getConnection(), dataSource)) {
            Thread caller = Thread.currentThread();
            CompletableFuture<String> used = early.firstUse(connection -> (Thread.currentThread() == caller)
                    ? "the caller's thread" : Thread.holdsLock(early) ? "under the lock" : Thread.currentThread().getName());
            try (Connection taken = early.dataSource().getConnection()) {
                assertThat(used.join()).isEqualTo("confiture-first-use");
            }
        }
        awaitNoBackend(database, "early_first_use_late");
    }

    @Test
    void aConnectionThatFailsToOpenHasNoFirstUseAndFailsWhenTaken(TestDatabase database) {
        PGSimpleDataSource refused = dataSource(database, "early_first_use_refused");
        refused.setDatabaseName("confiture_no_such_database");
        try (EarlyConnection early = EarlyConnection.open(refused)) {
            CompletableFuture<String> used = early.firstUse(connection -> "used");
            assertThatThrownBy(() -> early.dataSource().getConnection()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("confiture_no_such_database");
            assertThat(used.join()).isNull();
        }
    }

    @Test
    void withoutAnEarlyConnectionThereIsNoFirstUse(TestDatabase database) {
        try (EarlyConnection early = EarlyConnection.open(new ThreadRecording(database.dataSource()))) {
            assertThat(early.firstUse(connection -> "used")).isNull();
        }
    }

    @Test
    void aBadFileLeavesNoConnectionBehind(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_bad.up.sql", "CREATE TABLE t (x int);\n")
                .write("001_twin.up.sql", "CREATE TABLE u (x int);\n");

        assertThatThrownBy(() -> files.confiture(database, builder -> builder.dataSource(dataSource(database,
                "early_bad_file"))).migrate()).isInstanceOfSatisfying(ConfitureException.class,
                        failure -> assertThat(failure.code()).isNotEqualTo(ErrorCode.DATABASE_ERROR));

        awaitNoBackend(database, "early_bad_file");
    }

    @Test
    void aDataSourceThatMayDependOnTheCallingThreadIsOnlyAskedOnIt(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_t.up.sql", "CREATE TABLE t (x int);\n");
        ThreadRecording routing = new ThreadRecording(database.dataSource());

        files.confiture(database, builder -> builder.dataSource(routing)).migrate();

        assertThat(routing.threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aFailedEarlyConnectionFailsTheRunAsConnectingWould(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_t.up.sql", "CREATE TABLE t (x int);\n");
        PGSimpleDataSource wrongPassword = dataSource(database, "early_refused");
        wrongPassword.setDatabaseName("confiture_no_such_database");

        assertThatThrownBy(() -> files.confiture(database, builder -> builder.dataSource(wrongPassword)).migrate())
                .isInstanceOfSatisfying(ConfitureException.class, failure -> {
                    assertThat(failure.code()).isEqualTo(ErrorCode.DATABASE_ERROR);
                    assertThat(failure.getMessage()).contains("confiture_no_such_database");
                });
    }

    private static PGSimpleDataSource dataSource(TestDatabase database, String applicationName) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(database.jdbcUrl());
        dataSource.setUser(database.user());
        dataSource.setPassword(database.password());
        dataSource.setApplicationName(applicationName);
        return dataSource;
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (var statement = connection.createStatement(); var result = statement.executeQuery("SELECT pg_backend_pid()")) {
            result.next();
            return result.getInt(1);
        }
    }

    private static int backends(TestDatabase database, String applicationName) {
        return Integer.parseInt(Sql.scalar(database, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                + applicationName + "'"));
    }

    private static void awaitNoBackend(TestDatabase database, String applicationName) throws InterruptedException {
        for (int i = 0; i < 100 && backends(database, applicationName) > 0; i++) {
            Thread.sleep(50);
        }
        assertThat(backends(database, applicationName)).as("connections of %s left open", applicationName).isZero();
    }
}
