package dev.confiture.execution;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Setting;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.jdbc.Jdbc;
import dev.confiture.jdbc.SessionState;
import dev.confiture.lock.MigrationLock;
import dev.confiture.migration.DiscoveredMigrations;
import dev.confiture.state.SchemaState;
import dev.confiture.state.StateAnalyzer;
import dev.confiture.state.TrackingSnapshot;
import dev.confiture.tracking.EventLog;
import dev.confiture.tracking.RunJournal;
import dev.confiture.tracking.TrackingTable;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What every write operation (migrate, baseline, down, repair, approve) does around its work: take
 * the lock, make sure the tracking tables exist, read the state, start the run's journal (which writes its events),
 * report database errors.
 *
 * @param configuration the configuration
 * @param trackingTable the tracking table
 * @param eventLog the event log
 */
record Bookkeeping(ConfitureConfiguration configuration, TrackingTable trackingTable, EventLog eventLog) {

    /**
     * Takes the migration lock, then waits (at most the lock wait) for every attempt of a non-transactional migration
     * that never ended while the session that ran it is still busy: a migrator that lost its lock may still be
     * working, and nothing runs beside it, whatever this operation is (migrate, down, repair, baseline).
     */
    MigrationLock lock() {
        return lock(configuration.dataSource());
    }

    /** {@link #lock()}, its connections taken from {@code source} (the configured one, or one that connected early). */
    MigrationLock lock(javax.sql.DataSource source) {
        MigrationLock lock = MigrationLock.acquire(source, configuration.trackingTable(),
                configuration.timeouts().lockWait(), configuration.events().applicationName());
        try {
            runningAttempts(lock).awaitAll(lock.connection());
            return lock;
        }
        catch (SQLException ex) {
            lock.close();
            throw databaseError("the check for running attempts", ex);
        }
        catch (RuntimeException ex) {
            lock.close();
            throw ex;
        }
    }

    /**
     * A reverter on the run's connection, starting from the session state the run found there.
     */
    Reverter reverter(ScriptPlanner planner, MigrationLock lock, RunJournal journal) throws SQLException {
        return new Reverter(this, planner, stepRunner(lock, journal));
    }

    /**
     * A runner on the run's connection, starting from the session state the run found there (after the run's own
     * {@code search_path}), which it also puts back before its first migration.
     */
    StepRunner stepRunner(MigrationLock lock, RunJournal journal) throws SQLException {
        SessionState session = SessionState.capture(lock.connection());
        session.restore(lock.connection());
        return new StepRunner(this, lock, session, runningAttempts(lock).backendDetails(), journal);
    }

    private RunningAttempts runningAttempts(MigrationLock lock) throws SQLException {
        return RunningAttempts.of(lock.connection(), eventLog, configuration.timeouts().lockWait());
    }

    /**
     * The journal of a new run: every event the run records is built and written by it.
     */
    RunJournal journal() {
        return new RunJournal(eventLog, configuration.dataSource());
    }

    /**
     * Creates the tracking table and the event table where missing, in one transaction: a new database pays one
     * durable commit for both tables and their indexes instead of one per statement, and a failure (a privilege
     * missing, an event trigger refusing) leaves neither table half made, such as one without its indexes, which a
     * later run would take as complete.
     * @param connection the run's connection, in autocommit mode
     */
    void prepareTables(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try {
            trackingTable.ensureExists(connection);
            eventLog.ensureExists(connection);
            connection.commit();
        }
        finally {
            // after any failure (an Error too): turning autocommit back on would commit whatever of the tables was made
            Jdbc.rollbackQuietly(connection);
            Jdbc.restoreAutoCommit(connection);
        }
    }

    SchemaState readState(Connection connection, DiscoveredMigrations discovered) throws SQLException {
        return StateAnalyzer.analyze(discovered, readSnapshot(connection), configuration);
    }

    TrackingSnapshot readSnapshot(Connection connection) throws SQLException {
        return TrackingSnapshot.read(connection, trackingTable, eventLog, configuration);
    }

    ConfitureException databaseError(String operation, SQLException ex) {
        String hint = "42501".equals(ex.getSQLState())
                ? "The database user lacks the privilege named above: grant it, or migrate as a user that has it ("
                        + Setting.DATA_SOURCE.token() + "). Writing existing tracking tables needs SELECT, INSERT, "
                        + "UPDATE and DELETE on them; creating them needs CREATE on the schema (and on the database when "
                        + "the schema does not exist yet)"
                : "57014".equals(ex.getSQLState()) && String.valueOf(ex.getMessage()).contains("statement timeout")
                        ? "A server setting cancelled Confiture's own statement: the statement_timeout set for this role "
                                + "or database is shorter than its bookkeeping needs; raise or remove it for the migrating "
                                + "role (ALTER ROLE ... SET statement_timeout = 0)"
                : "25006".equals(ex.getSQLState())
                        ? "The transaction is read-only: default_transaction_read_only is on for this role or database, "
                                + "or the server is a standby; point the migrator at the primary, or turn the setting off "
                                + "for its role"
                : "Check that the database is reachable and that the user may create and write the tracking tables";
        return new ConfitureException(ErrorCode.DATABASE_ERROR, "The database failed during " + operation + " of "
                + configuration.trackingTable().display() + ": " + ex.getMessage() + " (SQLSTATE " + ex.getSQLState() + ")",
                null, hint, ex);
    }

}
