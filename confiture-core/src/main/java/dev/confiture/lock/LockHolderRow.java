package dev.confiture.lock;

import dev.confiture.tracking.EventOrigin;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream Confiture's diagnostic table {@code confiture_lock_holder} (one row per held lock: the holder's
 * client pid, host, database user and command). Upstream writes it after taking its lock and reads it to name
 * the holder when it has to wait; it is never what excludes anyone. Confiture reads it to name an upstream holder,
 * and writes its own row while it holds upstream's key, so that upstream's messages name Confiture, but only where
 * the table already exists (upstream created it): Confiture never adds a table of upstream's to a database. Best
 * effort, like upstream: a failure is logged at debug level and changes nothing.
 *
 * @param table the table as PostgreSQL resolved it ({@code to_regclass('confiture_lock_holder')}, found through
 * the connection's {@code search_path} as upstream finds it)
 * @param lockId upstream's key, the row's {@code lock_id}
 */
record LockHolderRow(String table, long lockId) {

    private static final Logger logger = LoggerFactory.getLogger(LockHolderRow.class);

    /** The name upstream gives the table, resolved through {@code search_path}. */
    static final String NAME = "confiture_lock_holder";

    /** The longest a write of the row waits for a lock; the statement itself may take twice that. */
    private static final long WAIT_MS = 1_000;

    /**
     * Records this process as the holder (an upsert, as upstream does).
     * @param connection the work connection, in autocommit mode (left so)
     */
    void write(Connection connection, String command) {
        String sql = "INSERT INTO " + table
                + " (lock_id, pid, hostname, usename, command, acquired_at) VALUES (?, ?, ?, current_user, ?, now()) "
                + "ON CONFLICT (lock_id) DO UPDATE SET pid = EXCLUDED.pid, hostname = EXCLUDED.hostname, "
                + "usename = EXCLUDED.usename, command = EXCLUDED.command, acquired_at = EXCLUDED.acquired_at";
        boundedly(connection, sql, "record this process in", statement -> statement.setString(4, command));
    }

    /**
     * Removes the row if it is still this process's (another holder sharing upstream's key may have written
     * its own since).
     * @param connection the work connection, in autocommit mode (left so)
     */
    void clear(Connection connection) {
        boundedly(connection, "DELETE FROM " + table + " WHERE lock_id = ? AND pid = ? AND hostname = ?",
                "remove this process from", statement -> { });
    }

    /**
     * Runs one statement on the row in a transaction of its own whose waits are bounded: a diagnostic row must never
     * hold a migration up (another session may lock the row or the table, and the connection's own timeouts may be
     * 0). Parameters 1 to 3 are the key, this process's pid and host.
     */
    private void boundedly(Connection connection, String sql, String what, Parameters more) {
        try {
            connection.setAutoCommit(false);
            try (Statement bounds = connection.createStatement();
                    PreparedStatement statement = connection.prepareStatement(sql)) {
                bounds.execute("SET LOCAL lock_timeout = '" + WAIT_MS + "ms'; SET LOCAL statement_timeout = '"
                        + 2 * WAIT_MS + "ms'");
                statement.setLong(1, lockId);
                statement.setInt(2, (int) ProcessHandle.current().pid());
                statement.setString(3, EventOrigin.localHost());
                more.set(statement);
                statement.executeUpdate();
                connection.commit();
            }
            catch (SQLException ex) {
                connection.rollback();
                logger.debug("Could not {} {}", what, table, ex);
            }
            finally {
                connection.setAutoCommit(true);
            }
        }
        catch (SQLException ex) {
            logger.debug("Could not {} {}", what, table, ex);
        }
    }

    /** Sets the statement's parameters beyond the first three. */
    @FunctionalInterface
    private interface Parameters {

        void set(PreparedStatement statement) throws SQLException;
    }

    /**
     * @return what upstream recorded about the holder of its lock in {@code database}, e.g. {@code "pid 4242 on
     * build-7 running \"confiture migrate up\" as deploy since 2026-11-30 05:00:00+00"}; {@code null} when the
     * table does not exist, holds no row for the key or stays locked by another session
     * @param connection a connection in a transaction, which the caller rolls back
     */
    static @Nullable String describe(Connection connection, long lockId) {
        try (Statement bounds = connection.createStatement();
                PreparedStatement statement = connection.prepareStatement("SELECT pid, hostname, command, usename, "
                        + "acquired_at FROM " + NAME + " WHERE lock_id = ?")) {
            bounds.execute("SET LOCAL lock_timeout = '" + WAIT_MS + "ms'");
            statement.setLong(1, lockId);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return null;
                }
                return "pid " + result.getString(1) + " on " + result.getString(2) + " running \"" + result.getString(3)
                        + "\" as " + result.getString(4) + " since " + result.getString(5);
            }
        }
        catch (SQLException ex) {
            // Usually: the table does not exist (upstream never ran here). The caller's transaction is rolled back.
            return null;
        }
    }
}
