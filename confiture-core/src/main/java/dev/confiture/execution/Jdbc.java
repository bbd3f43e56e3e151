package dev.confiture.execution;

import dev.confiture.sql.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC steps every runner of scripts shares (applying, reverting, dry-running, building from
 * DDL): sending one statement as written, the timeouts, and leaving the connection as it was found.
 */
public final class Jdbc {

    private static final Logger logger = LoggerFactory.getLogger(Jdbc.class);

    private Jdbc() {
    }

    /**
     * Sends one statement exactly as written: escape processing off, so JDBC escapes such as
     * {@code {fn ...}} inside migrations reach PostgreSQL untouched.
     * @param connection the connection
     * @param statement the statement
     * @throws SQLException if the server refuses
     */
    public static void execute(Connection connection, SqlStatement statement) throws SQLException {
        try (Statement jdbc = connection.createStatement()) {
            jdbc.setEscapeProcessing(false);
            jdbc.execute(statement.sql());
        }
    }

    /**
     * Sets lock_timeout and statement_timeout: for the transaction ({@code local}) or the session.
     */
    static void applyTimeouts(Connection connection, TimeoutSettings timeouts, boolean local) throws SQLException {
        if (timeouts.lockTimeout() == null && timeouts.statementTimeout() == null) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT set_config('lock_timeout', COALESCE(?, current_setting('lock_timeout')), ?), "
                        + "set_config('statement_timeout', COALESCE(?, current_setting('statement_timeout')), ?)")) {
            statement.setString(1, (timeouts.lockTimeout() != null) ? TimeoutSettings.setting(timeouts.lockTimeout()) : null);
            statement.setBoolean(2, local);
            statement.setString(3, (timeouts.statementTimeout() != null)
                    ? TimeoutSettings.setting(timeouts.statementTimeout()) : null);
            statement.setBoolean(4, local);
            statement.execute();
        }
    }

    /**
     * Puts session-level timeouts back to the session's defaults.
     */
    static void resetTimeouts(Connection connection, TimeoutSettings timeouts) {
        if (timeouts.lockTimeout() == null && timeouts.statementTimeout() == null) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("RESET lock_timeout; RESET statement_timeout");
        }
        catch (SQLException ex) {
            logger.debug("Could not reset the session timeouts", ex);
        }
    }

    /**
     * Rolls back an open transaction; a broken connection is logged, not thrown, because the caller is
     * already handling the error that broke it.
     * @param connection the connection
     */
    public static void rollbackQuietly(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        }
        catch (SQLException ex) {
            logger.debug("Rollback failed; the connection is probably broken", ex);
        }
    }

    /**
     * Puts the connection back in autocommit mode, as pools expect; a broken connection is logged.
     * @param connection the connection
     */
    public static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        }
        catch (SQLException ex) {
            logger.debug("Could not restore autocommit; the connection is probably broken", ex);
        }
    }
}
