package dev.confiture.jdbc;

import dev.confiture.sql.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.PreferQueryMode;
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
        execute(connection, statement, null);
    }

    /**
     * {@link #execute(Connection, SqlStatement)}, preceded in the same round trip by {@code before}, the
     * {@link #setLocalTimeouts} of the statement's transaction. The driver sends them as separate queries of one
     * message, so the statement's text, and the positions in its errors, are its own.
     * @param before {@code null} for nothing
     */
    public static void execute(Connection connection, SqlStatement statement, @Nullable String before) throws SQLException {
        try (Statement jdbc = connection.createStatement()) {
            jdbc.setEscapeProcessing(false);
            jdbc.execute((before != null) ? before + statement.executed() : statement.executed());
        }
    }

    /**
     * The transaction's timeouts as {@code SET LOCAL} commands, each ending with {@code ;}, to send in front of the
     * transaction's first statement instead of a round trip of their own ({@link #applyTimeouts}).
     * @return {@code null} when there is nothing to set; when a value is outside what PostgreSQL accepts (then
     * {@link #applyTimeouts} reports it before any statement runs); or when the driver would send the commands and
     * the statement as one query text ({@code preferQueryMode=simple}), which would shift the positions in the
     * statement's errors
     */
    public static @Nullable String setLocalTimeouts(Connection connection, TimeoutSettings timeouts) {
        if ((timeouts.lockTimeout() == null && timeouts.statementTimeout() == null) || !accepted(timeouts.lockTimeout())
                || !accepted(timeouts.statementTimeout()) || !sendsQueriesSeparately(connection)) {
            return null;
        }
        StringBuilder sql = new StringBuilder();
        if (timeouts.lockTimeout() != null) {
            sql.append("SET LOCAL lock_timeout = '").append(TimeoutSettings.setting(timeouts.lockTimeout())).append("';");
        }
        if (timeouts.statementTimeout() != null) {
            sql.append("SET LOCAL statement_timeout = '").append(TimeoutSettings.setting(timeouts.statementTimeout()))
                    .append("';");
        }
        return sql.toString();
    }

    /** Whether PostgreSQL takes the value: 0 to {@code INT_MAX} milliseconds, or none. */
    private static boolean accepted(@Nullable Duration timeout) {
        return timeout == null || (!timeout.isNegative() && timeout.toMillis() <= Integer.MAX_VALUE);
    }

    private static boolean sendsQueriesSeparately(Connection connection) {
        try {
            return connection.isWrapperFor(PGConnection.class)
                    && connection.unwrap(PGConnection.class).getPreferQueryMode() != PreferQueryMode.SIMPLE;
        }
        catch (SQLException ex) {
            return false;
        }
    }

    /**
     * Sets lock_timeout and statement_timeout: for the transaction ({@code local}) or the session.
     */
    public static void applyTimeouts(Connection connection, TimeoutSettings timeouts, boolean local) throws SQLException {
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
     * Closes a connection; a failure is logged, not thrown: the caller is done with the connection, and one that
     * cannot close is broken already.
     * @param connection the connection, or {@code null} for nothing to close
     */
    public static void closeQuietly(@Nullable Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        }
        catch (SQLException ex) {
            logger.debug("Could not close a connection; it is probably broken", ex);
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
